// Stopping the real server process: under keep-alive load a SIGTERM drains every request that
// reached the server and exits 0; and with the embedded PostgreSQL, Ctrl-C (a signal to the whole
// process group, which the database server used to receive too) always ends cleanly.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts'
import { answered, freePort, keepAliveLoad } from '../helpers/load.ts'
import { startProcess, stopAllProcesses } from '../helpers/processes.ts'

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

after(() => stopAllProcesses())

describe('SIGTERM under keep-alive load', () => {
  let database: TestDatabase
  let dataDir: string
  before(async () => {
    database = await createTestDatabase()
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shutdown-test-'))
  })
  after(async () => {
    await database?.drop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers every request that reached the server, turns /ready to 503, and exits 0 in time', async () => {
    const port = await freePort()
    const baseUrl = `http://127.0.0.1:${port}`
    const server = startProcess('src/server.ts', {
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: baseUrl,
      DATABASE_URL: database.url,
      SESSION_SECRET: SECRET,
      DATA_DIR: dataDir,
      SHUTDOWN_GRACE_SECONDS: '10',
    })
    await server.waitForOutput(/Listening on/)

    // Ten connections, each sending its next request as soon as the last is answered; each has
    // one answer after the signal (with Connection: close). One more connection asks only for
    // /ready, one request after another, so that a /ready arrives after the signal whatever the
    // timing of the others.
    const load = keepAliveLoad(baseUrl, ['/roles', '/ready', '/roles/web-developer'], 10)
    const readiness = keepAliveLoad(baseUrl, ['/ready'], 1)
    await sleep(1_500)
    const signalled = Date.now()
    server.signal('SIGTERM')
    const exit = await server.waitForExit(15_000)
    const took = Date.now() - signalled
    const result = await load.stop()
    const ready = await readiness.stop()

    assert.deepEqual(result.failures, [], 'no request that reached the server failed')
    assert.equal(exit.code, 0, `exit code 0\n${server.output()}`)
    assert.ok(took < 10_000, `stopped within the grace period (took ${took} ms)`)
    assert.ok(answered(result) > 100, `the load really ran (${answered(result)} responses)`)
    assert.ok(result.closing >= 1, 'responses after the signal said Connection: close')
    assert.deepEqual(ready.failures, [], 'no /ready request that reached the server failed')
    assert.ok(ready.byPath['/ready']?.includes(503), '/ready answered 503 once the stop began')
    assert.match(server.output(), /Stopped cleanly/)
  })
})

describe('Ctrl-C with the embedded PostgreSQL', () => {
  let dataDir: string
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-signal-test-'))
    // The database server runs as the postgres user when the tests run as root: it must be able
    // to enter the folder.
    fs.chmodSync(dataDir, 0o755)
  })
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('ends cleanly ten times out of ten when the whole process group is signalled', async () => {
    const runs = 10
    for (let run = 1; run <= runs; run += 1) {
      const port = await freePort()
      // Its own process group, as a shell gives a command started in a terminal.
      const server = startProcess(
        'src/server.ts',
        { NODE_ENV: 'development', PORT: String(port), DATA_DIR: dataDir, LOG_FORMAT: 'json' },
        { detached: true },
      )
      await server.waitForOutput(/Listening on/, 60_000)
      // Alternate between stopping at once and stopping once the worker has settled in.
      if (run % 2 === 0) await sleep(300)
      process.kill(-server.pid, 'SIGINT')
      const exit = await server.waitForExit(15_000)
      assert.equal(exit.code, 0, `run ${run}: exit code 0\n${server.output()}`)
      assert.doesNotMatch(server.output(), /Unhandled|57P01|uncaught/i, `run ${run}`)
      assert.match(server.output(), /Stopped cleanly/, `run ${run}`)
    }
    // And the database server was stopped with the last run, not left behind.
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid')
    assert.ok(!fs.existsSync(pidFile), 'the embedded PostgreSQL stopped with the app')
  })
})
