import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { JobHelpers } from 'graphile-worker'
import { createPurgeExpiredTask } from '../../src/jobs/purge-expired.task.ts'
import { createLogger } from '../../src/logger.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts'

let database: TestDatabase

before(async () => {
  database = await createTestDatabase()
})
after(async () => {
  await database.drop()
})

it('removes expired drafts, long-expired links and finished rate-limit windows, and nothing else', async () => {
  const q = (sql: string) => database.dataSource.query(sql)
  await q(`INSERT INTO application_drafts (token_hash, email, answers, expires_at) VALUES
    ('old', 'a@example.org', '{}', now() - interval '1 minute'),
    ('new', 'b@example.org', '{}', now() + interval '1 day')`)
  await q(`INSERT INTO one_time_tokens (token_hash, purpose, email, expires_at) VALUES
    ('old', 'applicant-sign-in', 'a@example.org', now() - interval '2 days'),
    ('recent', 'applicant-sign-in', 'a@example.org', now() - interval '1 hour')`)
  await q(`INSERT INTO rate_limit_hits (key, hits, reset_at) VALUES ('done', 3, now() - interval '1 second'), ('live', 1, now() + interval '5 minutes')`)

  await createPurgeExpiredTask(database.dataSource, createLogger('silent'))({}, {} as JobHelpers)

  assert.deepEqual((await q(`SELECT token_hash FROM application_drafts`)).map((r: { token_hash: string }) => r.token_hash), ['new'])
  assert.deepEqual((await q(`SELECT token_hash FROM one_time_tokens`)).map((r: { token_hash: string }) => r.token_hash), ['recent'])
  assert.deepEqual((await q(`SELECT key FROM rate_limit_hits`)).map((r: { key: string }) => r.key), ['live'])
})
