import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, it } from 'node:test'
import request from 'supertest'
import { DataSource } from 'typeorm'
import { createApp } from '../../src/app.ts'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.ts'
import { migrateAndSeed } from '../../src/db/migrate.ts'
import { dataSourceOptions } from '../../src/db/options.ts'
import { createLogger } from '../../src/logger.ts'
import { createServices } from '../../src/services/index.ts'
import { testConfig } from '../helpers/app.ts'

// A PostgreSQL server of this test's own, so that it can really be stopped and started again.
let dir: string
let postgres: EmbeddedDatabase
let dataSource: DataSource

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ready-test-'))
  fs.chmodSync(dir, 0o755)
  postgres = await startEmbeddedPostgres(path.join(dir, 'pg'))
  await postgres.createDatabaseIfMissing('ready')
  dataSource = new DataSource(dataSourceOptions(postgres.urlFor('ready')))
  await dataSource.initialize()
  await migrateAndSeed(dataSource, () => {})
})

after(async () => {
  if (dataSource.isInitialized) await dataSource.destroy()
  await postgres.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

it('/ready is 503 within 2 seconds while the database is down, and 200 once it is back', async () => {
  const app = createApp(createServices(dataSource, testConfig(), createLogger('silent')))
  await request(app).get('/ready').expect(200)

  await postgres.stop()
  const started = Date.now()
  const down = await request(app).get('/ready')
  assert.equal(down.status, 503)
  assert.deepEqual(down.body, { status: 'unavailable', checks: { database: 'unreachable' } })
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`)
  // Liveness does not depend on the database.
  await request(app).get('/health').expect(200)

  const restarted = await startEmbeddedPostgres(path.join(dir, 'pg'))
  postgres = restarted
  // The port may differ after a restart; point the pool at the new server.
  await dataSource.destroy()
  dataSource.setOptions(dataSourceOptions(restarted.urlFor('ready')))
  await dataSource.initialize()
  await request(app).get('/ready').expect(200)
})
