// Email gets through when a worker dies mid-send (kill -9): the other workers notice its heartbeat
// has stopped and free its jobs within seconds, not graphile-worker's 4 hours. Also: a permanent
// SMTP refusal fails at once, and a worker outlives PostgreSQL dropping its connections.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import type { Config } from '../../src/config.ts'
import { EmailMessage } from '../../src/entities/index.ts'
import { messageIdFor } from '../../src/jobs/send-email.task.ts'
import { sweepDeadWorkers } from '../../src/jobs/worker-heartbeat.ts'
import { MailService, type EmailToQueue, type QueuedEmail } from '../../src/mail/outbox.ts'
import { testConfig } from '../helpers/app.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts'
import { startProcess, stopAllProcesses } from '../helpers/processes.ts'
import { SmtpSink, type ReceivedMessage } from '../helpers/smtp-sink.ts'
import { startTestWorker } from '../helpers/worker.ts'

const FROM = 'NHS Python Community <no-reply@nhs-pycom.example>'
const WORKER_SCRIPT = 'src/cli/worker.ts'

interface JobRow {
  id: string
  attempts: number
  locked_by: string | null
  locked_at: Date | null
  run_at: Date
  last_error: string | null
}

let database: TestDatabase
// The test's own connections for the sweep, as a worker's pool would be.
let pool: pg.Pool

before(async () => {
  database = await createTestDatabase()
  pool = new pg.Pool({ connectionString: database.url })
  pool.on('error', () => {})
})

after(async () => {
  await stopAllProcesses()
  await pool?.end()
  await database?.drop()
})

function configFor(overrides: Partial<Config> = {}): Config {
  return testConfig({ mail: { from: FROM }, ...overrides })
}

function staffTest(key: string, to: string): EmailToQueue {
  return { key, template: 'staff-test', to, data: { requestedBy: 'Ada Admin' } }
}

function queue(message: EmailToQueue): Promise<QueuedEmail> {
  const mail = new MailService(configFor())
  return database.dataSource.transaction((manager) => mail.enqueue(manager, message))
}

async function emailRow(id: string): Promise<EmailMessage> {
  return database.dataSource.getRepository(EmailMessage).findOneByOrFail({ id })
}

async function jobByKey(key: string): Promise<JobRow | null> {
  const rows: JobRow[] = await database.dataSource.query(
    `SELECT "id", "attempts", "locked_by", "locked_at", "run_at", "last_error" FROM graphile_worker.jobs WHERE "key" = $1`,
    [key],
  )
  return rows[0] ?? null
}

const emailJob = (emailId: string) => jobByKey(`send_email:${emailId}`)

async function heartbeatPools(): Promise<string[]> {
  const rows: { pool_id: string }[] = await database.dataSource.query(`SELECT "pool_id" FROM "worker_heartbeats" ORDER BY "pool_id"`)
  return rows.map((row) => row.pool_id)
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await sleep(50)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

const sentTo = (address: string) => (message: ReceivedMessage) => message.envelopeTo.includes(address)

describe('sweeping for dead workers', () => {
  const TIMEOUT = { lockTimeoutSeconds: 2 }

  /** A job of a task no worker knows, locked by `poolId` as graphile-worker would lock it. */
  async function lockedJob(key: string, poolId: string, lockedSecondsAgo: number): Promise<void> {
    await database.dataSource.query(`SELECT graphile_worker.add_job('sweep_test', '{}'::json, job_key := $1)`, [key])
    await database.dataSource.query(
      `UPDATE graphile_worker._private_jobs SET "locked_by" = $2, "locked_at" = now() - make_interval(secs => $3), "attempts" = 1 WHERE "key" = $1`,
      [key, poolId, lockedSecondsAgo],
    )
  }

  async function heartbeat(poolId: string, beatSecondsAgo: number): Promise<void> {
    await database.dataSource.query(
      `INSERT INTO "worker_heartbeats" ("pool_id", "started_at", "beat_at")
       VALUES ($1, now() - make_interval(secs => $2 + 60), now() - make_interval(secs => $2))`,
      [poolId, beatSecondsAgo],
    )
  }

  async function lockedBy(key: string): Promise<string | null> {
    const job = await jobByKey(key)
    assert.ok(job, `job ${key} exists`)
    assert.equal(job.locked_by === null, job.locked_at === null, 'locked_by and locked_at go together')
    return job.locked_by
  }

  after(async () => {
    await database.dataSource.query(`DELETE FROM graphile_worker._private_jobs WHERE "key" LIKE 'sweep:%'`)
    await database.dataSource.query(`DELETE FROM "worker_heartbeats"`)
  })

  it('frees the jobs of a worker whose heartbeat stopped, and forgets the worker', async () => {
    await heartbeat('pool-dead', 30)
    await lockedJob('sweep:dead-1', 'pool-dead', 20)
    await lockedJob('sweep:dead-2', 'pool-dead', 1)

    const result = await sweepDeadWorkers(pool, TIMEOUT)

    assert.deepEqual(result, { swept: true, deadPools: ['pool-dead'] })
    assert.equal(await lockedBy('sweep:dead-1'), null)
    // Even one it took just before it died.
    assert.equal(await lockedBy('sweep:dead-2'), null)
    assert.deepEqual(await heartbeatPools(), [])
    // Freed, not failed: the attempt it used still counts, and the job runs again.
    assert.equal((await jobByKey('sweep:dead-1'))?.attempts, 1)
  })

  it("leaves a live worker's jobs locked, however long they have run", async () => {
    await heartbeat('pool-live', 0)
    await lockedJob('sweep:live', 'pool-live', 3_600)

    assert.deepEqual(await sweepDeadWorkers(pool, TIMEOUT), { swept: true, deadPools: [] })

    assert.equal(await lockedBy('sweep:live'), 'pool-live')
    assert.deepEqual(await heartbeatPools(), ['pool-live'])
  })

  it('frees jobs held past the timeout by a worker without a heartbeat, but not ones it took just now', async () => {
    await lockedJob('sweep:unknown-old', 'pool-unknown-old', 60)
    await lockedJob('sweep:unknown-new', 'pool-unknown-new', 0)

    assert.deepEqual(await sweepDeadWorkers(pool, TIMEOUT), { swept: true, deadPools: ['pool-unknown-old'] })

    assert.equal(await lockedBy('sweep:unknown-old'), null)
    assert.equal(await lockedBy('sweep:unknown-new'), 'pool-unknown-new')
  })

  it('never takes the sweeping worker itself for dead', async () => {
    await heartbeat('pool-self', 60)
    await lockedJob('sweep:self', 'pool-self', 60)

    assert.deepEqual(await sweepDeadWorkers(pool, { ...TIMEOUT, ownPoolId: 'pool-self' }), { swept: true, deadPools: [] })

    assert.equal(await lockedBy('sweep:self'), 'pool-self')
    assert.ok((await heartbeatPools()).includes('pool-self'))
    await database.dataSource.query(`DELETE FROM "worker_heartbeats" WHERE "pool_id" = 'pool-self'`)
  })

  it('is safe when several workers sweep at once: each dead worker is freed once, and nothing fails', async () => {
    const dead = ['pool-a', 'pool-b', 'pool-c', 'pool-d', 'pool-e']
    for (const poolId of dead) {
      await heartbeat(poolId, 60)
      await lockedJob(`sweep:${poolId}-1`, poolId, 60)
      await lockedJob(`sweep:${poolId}-2`, poolId, 60)
    }
    // Separate connections, as separate worker processes would have.
    const pools = Array.from({ length: 6 }, () => new pg.Pool({ connectionString: database.url, max: 1 }))
    try {
      const results = await Promise.all(pools.map((each) => sweepDeadWorkers(each, TIMEOUT)))

      const freed = results.flatMap((result) => result.deadPools).filter((poolId) => dead.includes(poolId))
      assert.deepEqual(freed.sort(), dead, 'each dead worker freed by exactly one sweep')
      assert.ok(results.some((result) => result.swept))
      for (const poolId of dead) {
        assert.equal(await lockedBy(`sweep:${poolId}-1`), null)
        assert.equal(await lockedBy(`sweep:${poolId}-2`), null)
      }
      assert.deepEqual(
        (await heartbeatPools()).filter((poolId) => dead.includes(poolId)),
        [],
      )
    } finally {
      await Promise.all(pools.map((each) => each.end()))
    }
  })
})

describe("a worker's heartbeat", () => {
  const sink = new SmtpSink()

  before(() => sink.start())
  after(() => sink.stop())

  it('is refreshed while the worker runs, and removed when it stops', async () => {
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url }, jobs: { lockTimeoutSeconds: 2, stalledAfterSeconds: 30 } }), {
      heartbeatIntervalMs: 100,
    })
    try {
      const [poolId] = await heartbeatPools()
      assert.match(poolId ?? '', /^pool-/, 'the row is written before startWorker returns')
      const beatAt = async (): Promise<number> => {
        const rows: { beat_at: Date }[] = await database.dataSource.query(`SELECT "beat_at" FROM "worker_heartbeats" WHERE "pool_id" = $1`, [poolId])
        return rows[0]?.beat_at.getTime() ?? 0
      }
      const first = await beatAt()
      await waitFor('a later beat', async () => (await beatAt()) > first, 2_000)
    } finally {
      await worker.stop()
    }
    assert.deepEqual(await heartbeatPools(), [], 'a clean stop removes its row')
  })

  it('keeps a slow send locked to its worker: a live worker is never taken for dead', async () => {
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url }, jobs: { lockTimeoutSeconds: 1, stalledAfterSeconds: 30 } }), {
      heartbeatIntervalMs: 100,
    })
    sink.holdData()
    try {
      const { id } = await queue(staffTest('slow-send', 'hana@example.org'))
      await waitFor('the message to reach the server', async () => sink.heldMessages.length === 1)
      const [poolId] = await heartbeatPools()
      const before = await emailJob(id)
      assert.equal(before?.locked_by, poolId)

      // Three times the lock timeout, with the worker's own sweeps and one from outside.
      await sleep(3_000)
      assert.deepEqual((await sweepDeadWorkers(pool, { lockTimeoutSeconds: 1 })).deadPools, [])
      assert.equal((await emailJob(id))?.locked_by, poolId, 'still locked by the worker that is sending it')

      sink.releaseData()
      await sink.waitForMessage(sentTo('hana@example.org'))
      await waitFor('the row to be marked sent', async () => (await emailRow(id)).status === 'sent')
      assert.equal((await emailRow(id)).attempts, 1)
      assert.equal(sink.messages.filter(sentTo('hana@example.org')).length, 1)
    } finally {
      sink.releaseData()
      await worker.stop()
    }
  })
})

describe('a job runner whose every fetch fails', () => {
  const sink = new SmtpSink()

  before(() => sink.start())
  after(() => sink.stop())

  // As graphile-worker's runner does when the first lookup of its task ids failed: the database
  // answers, but each fetch fails. Here the fetches fail because the jobs table is out of reach.
  it('is replaced by a new runner, which sends once fetching works again', async () => {
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url }, jobs: { lockTimeoutSeconds: 2, stalledAfterSeconds: 1 } }), {
      heartbeatIntervalMs: 100,
    })
    try {
      const [first] = await heartbeatPools()
      await database.dataSource.query(`ALTER TABLE graphile_worker._private_jobs RENAME TO _private_jobs_away`)
      try {
        await waitFor('another runner', async () => (await heartbeatPools()).some((poolId) => poolId !== first), 15_000)
      } finally {
        await database.dataSource.query(`ALTER TABLE graphile_worker._private_jobs_away RENAME TO _private_jobs`)
      }
      const { id } = await queue(staffTest('after-stall', 'ines@example.org'))
      await sink.waitForMessage(sentTo('ines@example.org'), 30_000)
      await waitFor('the row to be marked sent', async () => (await emailRow(id)).status === 'sent')
    } finally {
      await worker.stop()
    }
  })
})

describe('a worker killed in the middle of a send', () => {
  const sink = new SmtpSink()

  before(() => sink.start())
  after(async () => {
    await stopAllProcesses()
    await sink.stop()
  })

  it('has its email delivered within seconds by the next worker, with the mail queued meanwhile', async (t) => {
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: database.url, SMTP_URL: sink.url, MAIL_FROM: FROM }
    sink.holdData()
    const { id } = await queue(staffTest('killed-mid-send', 'ida@example.org'))

    // The default lock timeout (120 s): the worker that is left decides, by its own setting.
    const doomed = startProcess(WORKER_SCRIPT, env)
    await waitFor('the email to be in flight', async () => sink.heldMessages.length === 1 && (await emailRow(id)).status === 'sending', 30_000)
    const [deadPool] = await heartbeatPools()
    assert.equal((await emailJob(id))?.locked_by, deadPool)

    await doomed.kill()
    const killedAt = Date.now()
    // The dead client's message is dropped once the server sees its connection close.
    await waitFor('the server to see the client go', async () => sink.heldMessages.length === 0)
    sink.releaseData()
    // Queued while no worker runs.
    const later = [await queue(staffTest('queued-meanwhile-1', 'jo@example.org')), await queue(staffTest('queued-meanwhile-2', 'kai@example.org'))]
    await sleep(300)
    assert.equal((await emailRow(id)).status, 'sending', 'left as the dead worker left it')
    assert.equal((await emailJob(id))?.locked_by, deadPool, 'and its job still locked')

    const next = startProcess(WORKER_SCRIPT, { ...env, JOB_LOCK_TIMEOUT_SECONDS: '2' })
    const startedAt = Date.now()
    const received = await sink.waitForMessage(sentTo('ida@example.org'), 30_000)
    const recoveredMs = Date.now() - killedAt
    t.diagnostic(`delivered ${recoveredMs} ms after the kill, ${Date.now() - startedAt} ms after the next worker was started`)
    assert.ok(recoveredMs < 30_000)

    assert.equal(received.mail.messageId, messageIdFor('killed-mid-send', FROM))
    await waitFor('the row to be marked sent', async () => (await emailRow(id)).status === 'sent')
    const row = await emailRow(id)
    assert.equal(row.attempts, 2, 'the killed attempt and the one that got through')
    assert.equal(row.lastError, null)
    await waitFor('the job to complete', async () => (await emailJob(id)) === null)

    await sink.waitForMessage(sentTo('jo@example.org'))
    await sink.waitForMessage(sentTo('kai@example.org'))
    for (const email of later) await waitFor('the row to be marked sent', async () => (await emailRow(email.id)).status === 'sent')
    // The sink drops a message whose client died before its reply, so each arrived once.
    for (const address of ['ida@example.org', 'jo@example.org', 'kai@example.org']) {
      assert.equal(sink.messages.filter(sentTo(address)).length, 1, address)
    }

    await next.waitForOutput(/Freed the jobs of workers that stopped without shutting down/)
    const pools = await heartbeatPools()
    assert.equal(pools.length, 1)
    assert.notEqual(pools[0], deadPool, "the dead worker's row is gone")

    const exit = await next.stop()
    assert.equal(exit.code, 0, next.output())
    assert.deepEqual(await heartbeatPools(), [], 'a clean stop removes its row')
  })
})

describe('a permanent SMTP refusal', () => {
  const sink = new SmtpSink({
    rejectRecipient: (address) => address === 'nobody@example.org',
    deferRecipient: (address) => address === 'busy@example.org',
  })

  before(() => sink.start())
  after(() => sink.stop())

  it('marks the email failed at once, with the reason, and ends its job without retries', async () => {
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url } }))
    try {
      const { id } = await queue(staffTest('refused-1', 'nobody@example.org'))
      await waitFor('the row to be marked failed', async () => (await emailRow(id)).status === 'failed')
      await waitFor('the job to be gone', async () => (await emailJob(id)) === null)

      // Long enough for a retry, had there been one (the first comes after exp(1) s).
      await sleep(3_000)
      const row = await emailRow(id)
      assert.equal(row.status, 'failed')
      assert.equal(row.attempts, 1)
      assert.match(row.lastError ?? '', /550/)
      assert.match(row.lastError ?? '', /Recipient address rejected/)
      assert.doesNotMatch(row.lastError ?? '', /nobody@example\.org/)
      assert.equal(row.sentAt, null)
      assert.equal(await emailJob(id), null)
      assert.equal(sink.messages.filter(sentTo('nobody@example.org')).length, 0)
    } finally {
      await worker.stop()
    }
  })

  it('keeps retrying a temporary refusal (4xx)', async () => {
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url } }))
    const { id } = await queue(staffTest('deferred-1', 'busy@example.org'))
    try {
      await waitFor('the first attempt to fail and be rescheduled', async () => {
        const job = await emailJob(id)
        return job !== null && job.attempts >= 1 && job.locked_at === null
      })
      const row = await emailRow(id)
      assert.equal(row.status, 'queued')
      assert.match(row.lastError ?? '', /451/)
      const job = await emailJob(id)
      assert.ok(job && job.run_at.getTime() > Date.now(), 'a retry is scheduled')
      assert.match(job.last_error ?? '', /\[address\]/)
    } finally {
      await worker.stop()
      await database.dataSource.query(`SELECT graphile_worker.remove_job($1)`, [`send_email:${id}`])
    }
  })
})
