// A database restart or failover under a running worker process: every connection ended by the
// server (57P01), just after the worker started. The worker logs it, carries on (graphile-worker
// may shut its runner down, or leave it failing every fetch; ours starts another) and delivers
// what is queued next. A process test: it runs with the other process tests, one file at a time.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { EmailMessage } from '../../src/entities/index.ts'
import { MailService, type EmailToQueue, type QueuedEmail } from '../../src/mail/outbox.ts'
import { testConfig } from '../helpers/app.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts'
import { startProcess, stopAllProcesses } from '../helpers/processes.ts'
import { SmtpSink, type ReceivedMessage } from '../helpers/smtp-sink.ts'

const FROM = 'NHS Python Community <no-reply@nhs-pycom.example>'
const WORKER_SCRIPT = 'src/cli/worker.ts'
let database: TestDatabase

before(async () => {
  database = await createTestDatabase()
})

after(async () => {
  await stopAllProcesses()
  await database?.drop()
})

function staffTest(key: string, to: string): EmailToQueue {
  return { key, template: 'staff-test', to, data: { requestedBy: 'Ada Admin' } }
}

function queue(message: EmailToQueue): Promise<QueuedEmail> {
  const mail = new MailService(testConfig({ mail: { from: FROM } }))
  return database.dataSource.transaction((manager) => mail.enqueue(manager, message))
}

async function emailRow(id: string): Promise<EmailMessage> {
  return database.dataSource.getRepository(EmailMessage).findOneByOrFail({ id })
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const sentTo = (address: string) => (message: ReceivedMessage) => message.envelopeTo.includes(address)

describe('PostgreSQL dropping the connections', () => {
  const sink = new SmtpSink()

  before(() => sink.start())
  after(async () => {
    await stopAllProcesses()
    await sink.stop()
  })

  it('the worker logs it, carries on, and still delivers', async () => {
    const worker = startProcess(WORKER_SCRIPT, { NODE_ENV: 'test', LOG_LEVEL: 'info', JOB_RUNNER_STALL_SECONDS: '3', DATABASE_URL: database.url, SMTP_URL: sink.url, MAIL_FROM: FROM })
    await worker.waitForOutput(/Worker connected/, 30_000)

    // As a database restart or failover would: every connection to the database, the worker's
    // (idle ones and the one it LISTENs on) and this test's own, ended by the server (57P01).
    const client = new pg.Client({ connectionString: database.url })
    client.on('error', () => {})
    await client.connect()
    try {
      const { rows } = await client.query<{ ended: boolean }>(
        `SELECT pg_terminate_backend("pid") AS "ended" FROM pg_stat_activity WHERE "datname" = current_database() AND "pid" <> pg_backend_pid()`,
      )
      assert.ok(rows.length >= 2, 'the worker had connections to end')
    } finally {
      await client.end()
    }

    await worker.waitForOutput(/57P01/)
    const { id } = await queue(staffTest('after-restart', 'lee@example.org'))
    // A restarted runner waits a moment first; under load that can take a while.
    await sink.waitForMessage(sentTo('lee@example.org'), 60_000)
    await waitFor('the row to be marked sent', async () => (await emailRow(id)).status === 'sent')

    assert.equal(worker.child.exitCode, null, 'still running')
    assert.doesNotMatch(worker.output(), /Unhandled|uncaught/i)
    const exit = await worker.stop()
    assert.equal(exit.code, 0, worker.output())
  })
})
