// No personal data in logs: real queries fail inside real requests, with canary values where an
// applicant's details go, and the whole log is searched for them. Each test also finds the
// failure itself in the log, so it cannot pass by logging nothing.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Express } from 'express'
import request from 'supertest'
import { createApp } from '../../src/app.ts'
import { createLogger, type Logger } from '../../src/logger.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { completeApplication, validAnswers } from '../helpers/apply-journey.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

const NAME = 'Canary Zebedee'
const EMAIL = 'canary-7f3a@example.org'
const PHONE = '07700 900737'
const CANARY_ANSWERS = { ...validAnswers, name: { fullName: NAME }, email: { email: EMAIL }, phone: { phone: PHONE } }
// Any part of them counts.
const CANARIES = ['Canary', 'Zebedee', 'canary-7f3a', '900737']
// The one-time link in a sign-in email.
const SIGN_IN_LINK = /sign-in\/[\w-]{43}/

interface LogEntry {
  msg?: string
  req?: { id?: string }
  err?: { type?: string; code?: string; message?: string; stack?: string }
}

/** A logger whose JSON lines are kept in memory. */
class CapturedLog {
  readonly lines: string[] = []
  readonly logger: Logger

  constructor(level: string) {
    this.logger = createLogger(level, { destination: { write: (line: string) => void this.lines.push(line) } })
  }

  get text(): string {
    return this.lines.join('')
  }

  entries(): LogEntry[] {
    return this.lines.map((line) => JSON.parse(line) as LogEntry)
  }

  clear(): void {
    this.lines.length = 0
  }
}

function assertNoPersonalData(log: CapturedLog): void {
  const text = log.text.toLowerCase()
  for (const canary of CANARIES) assert.ok(!text.includes(canary.toLowerCase()), `"${canary}" is in the log:\n${log.text}`)
  assert.doesNotMatch(log.text, SIGN_IN_LINK, 'a one-time link is in the log')
}

/** The failed query as the error handler logged it, with its class, SQLSTATE and cleaned message. */
function loggedFailure(log: CapturedLog): LogEntry {
  const entry = log.entries().find((line) => line.msg === 'request failed')
  assert.ok(entry, `the failure is logged:\n${log.text}`)
  assert.equal(entry.err?.type, 'QueryFailedError')
  assert.ok(entry.req?.id, 'with the request id')
  return entry
}

// Request lines on and off (LOG_LEVEL warn: a plain child logger): the two
// ways src/middleware/setUpRequestLogging.ts gives a request its logger.
const verbose = new CapturedLog('trace')
const quiet = new CapturedLog('warn')
const t = useTestApp({ logger: verbose.logger })
let quietApp: Express
t.before(() => {
  quietApp = createApp({ ...t.services, logger: quiet.logger })
})

const query = (sql: string, parameters: unknown[] = []): Promise<unknown> => t.database.dataSource.query(sql, parameters)

/**
 * Every insert into `table` fails as a real constraint fails, with Postgres's detail ("Failing
 * row contains (...)") and TypeORM's parameters holding what was being written. NOT VALID
 * leaves the rows already there alone.
 */
async function withInsertsRefused(table: 'applications' | 'email_messages', work: () => Promise<void>): Promise<void> {
  await query(`ALTER TABLE "${table}" ADD CONSTRAINT "refuse_every_insert" CHECK (false) NOT VALID`)
  try {
    await work()
  } finally {
    await query(`ALTER TABLE "${table}" DROP CONSTRAINT "refuse_every_insert"`)
  }
}

async function submitApplication(app: Express): Promise<number> {
  const agent = request.agent(app)
  await completeApplication(agent, CANARY_ANSWERS)
  return (await submitForm(agent, '/apply/check')).status
}

async function askForSignInLink(app: Express, email: string): Promise<number> {
  const agent = request.agent(app)
  return (await submitForm(agent, '/my-application', { email })).status
}

for (const [label, log, app] of [
  ['with request lines', verbose, () => t.app],
  ['without request lines', quiet, () => quietApp],
] as const) {
  describe(`the log of a failed query, ${label}`, () => {
    it('holds none of an application being submitted', async () => {
      await truncateData(t.database.dataSource, { keep: ['application_drafts', 'audit_events', 'equality_responses', 'sessions', 'staff_tokens', 'staff_users'] })
      log.clear()
      await withInsertsRefused('applications', async () => {
        assert.equal(await submitApplication(app()), 500)
      })

      assertNoPersonalData(log)
      const failure = loggedFailure(log)
      assert.equal(failure.err?.code, '23514')
      assert.equal(failure.err?.message, 'new row for relation "applications" violates check constraint "refuse_every_insert"')
      assert.match(failure.err?.stack ?? '', /^QueryFailedError: new row for relation "applications"[^\n]*\n\s+at /)
    })

    it('holds none of a sign-in email, its address or its link', async () => {
      await truncateData(t.database.dataSource, { keep: ['application_drafts', 'audit_events', 'equality_responses', 'sessions', 'staff_tokens', 'staff_users'] })
      // Someone who has applied, so that the email carries a one-time link.
      assert.equal(await submitApplication(app()), 303)
      log.clear()
      await withInsertsRefused('email_messages', async () => {
        assert.equal(await askForSignInLink(app(), EMAIL), 500)
      })

      assertNoPersonalData(log)
      const failure = loggedFailure(log)
      assert.equal(failure.err?.code, '23514')
      assert.equal(failure.err?.message, 'new row for relation "email_messages" violates check constraint "refuse_every_insert"')
    })
  })
}

describe('an admin erasing everything held about an address', () => {
  it('keeps the address out of the log and out of every URL', async () => {
    await truncateData(t.database.dataSource, { keep: ['application_drafts', 'audit_events', 'equality_responses', 'sessions', 'staff_tokens', 'staff_users'] })
    assert.equal(await submitApplication(t.app), 303)
    const admin = await createStaff(t, ['admin'], 'Ada Admin')
    const agent = request.agent(t.app)
    await signIn(agent, admin)
    verbose.clear()
    const check = await submitForm(agent, '/admin/data/erase', { email: EMAIL })
    assert.equal(check.status, 200)
    const erased = await agent.post('/admin/data/erase/confirm').type('form').send({ _csrf: csrfTokenFrom(check), email: EMAIL }).expect(303)
    assert.equal(erased.headers.location, '/admin/data/erase')

    assertNoPersonalData(verbose)
    // The requests were logged, by their paths alone.
    const paths = verbose.entries().map((entry) => (entry as { req?: { path?: string } }).req?.path)
    assert.ok(paths.includes('/admin/data/erase/confirm'), `the erasure's request is in the log:\n${verbose.text}`)
  })
})

describe('real Postgres errors whose message or detail holds a value', () => {
  it('are logged with their class and SQLSTATE, and without the value', async () => {
    const log = new CapturedLog('info')
    // The value is in the message itself: invalid input syntax for type uuid: "Canary Zebedee".
    const badInput = await t.database.dataSource.query('SELECT $1::uuid', [NAME]).catch((error: unknown) => error)
    // The value is in the detail: Key (email)=(canary-7f3a@example.org) already exists.
    await query(`CREATE TABLE "addresses_for_log_test" ("email" text PRIMARY KEY)`)
    await query(`INSERT INTO "addresses_for_log_test" VALUES ($1)`, [EMAIL])
    const duplicate = await query(`INSERT INTO "addresses_for_log_test" VALUES ($1)`, [EMAIL]).catch((error: unknown) => error)
    await query(`DROP TABLE "addresses_for_log_test"`)
    assert.match(String((badInput as Error).message), /Canary Zebedee/, 'the raw message holds the value')
    assert.match(String((duplicate as { detail?: string }).detail), /canary-7f3a/, 'the raw detail holds the value')

    log.logger.error({ err: badInput }, 'query failed')
    // Given only the error, pino would take the line's message from the raw one.
    log.logger.error(badInput)
    log.logger.child({ job: 'example' }).error({ err: duplicate })

    assertNoPersonalData(log)
    const [first, second, third] = log.entries()
    assert.deepEqual(
      { type: first?.err?.type, code: first?.err?.code, message: first?.err?.message },
      { type: 'QueryFailedError', code: '22P02', message: 'invalid input syntax for type uuid: "[redacted]"' },
    )
    assert.equal(second?.msg, 'invalid input syntax for type uuid: "[redacted]"')
    assert.deepEqual(
      { type: third?.err?.type, code: third?.err?.code, message: third?.err?.message },
      { type: 'QueryFailedError', code: '23505', message: 'duplicate key value violates unique constraint "addresses_for_log_test_pkey"' },
    )
  })
})
