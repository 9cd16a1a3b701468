import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { simpleParser, type AddressObject } from 'mailparser'
import type { Config } from '../../src/config.ts'
import { EmailMessage } from '../../src/entities/index.ts'
import { messageIdFor } from '../../src/jobs/send-email.task.ts'
import { MailService, SEND_EMAIL_MAX_ATTEMPTS, type EmailToQueue, type QueuedEmail } from '../../src/mail/outbox.ts'
import { testConfig } from '../helpers/app.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts'
import { SmtpSink, type ReceivedMessage } from '../helpers/smtp-sink.ts'
import { startTestWorker } from '../helpers/worker.ts'

const FROM = 'NHS Python Community <no-reply@nhs-pycom.example>'

interface JobRow {
  id: string
  attempts: number
  max_attempts: number
  last_error: string | null
  locked_at: Date | null
}

let database: TestDatabase

before(async () => {
  database = await createTestDatabase()
})

after(async () => {
  await database.drop()
})

function configFor(overrides: Partial<Config> = {}): Config {
  return testConfig({ mail: { from: FROM }, ...overrides })
}

function staffTest(key: string, to: string): EmailToQueue {
  return { key, template: 'staff-test', to, data: { requestedBy: 'Ada Admin' } }
}

/** Queues an email in a transaction of its own that commits, as a service would. */
function queue(message: EmailToQueue, config = configFor()): Promise<QueuedEmail> {
  const mail = new MailService(config)
  return database.dataSource.transaction((manager) => mail.enqueue(manager, message))
}

async function emailRow(id: string): Promise<EmailMessage> {
  return database.dataSource.getRepository(EmailMessage).findOneByOrFail({ id })
}

async function jobFor(emailId: string): Promise<JobRow | null> {
  const rows: JobRow[] = await database.dataSource.query(
    `SELECT "id", "attempts", "max_attempts", "last_error", "locked_at" FROM graphile_worker.jobs WHERE "key" = $1`,
    [`send_email:${emailId}`],
  )
  return rows[0] ?? null
}

async function count(sql: string, parameters: unknown[] = []): Promise<number> {
  const rows: { count: string }[] = await database.dataSource.query(sql, parameters)
  return Number(rows[0]?.count)
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const sentTo = (address: string) => (message: ReceivedMessage) => message.envelopeTo.includes(address)

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.map((address) => address.address ?? ''))
}

describe('queueing an email', () => {
  const mail = new MailService(configFor())

  after(async () => {
    // No worker runs in this block; leave no jobs behind for the tests that start one.
    await database.dataSource.query(`SELECT graphile_worker.remove_job("key") FROM graphile_worker.jobs`)
  })

  it('leaves neither a row nor a job when the transaction rolls back', async () => {
    const jobsBefore = await count(`SELECT count(*) FROM graphile_worker.jobs`)
    await assert.rejects(
      database.dataSource.transaction(async (manager) => {
        await mail.enqueue(manager, staffTest('rollback-1', 'ann@example.org'))
        throw new Error('the change failed')
      }),
      /the change failed/,
    )
    assert.equal(await count(`SELECT count(*) FROM email_messages WHERE "key" = 'rollback-1'`), 0)
    assert.equal(await count(`SELECT count(*) FROM graphile_worker.jobs`), jobsBefore)
  })

  it('writes one rendered row and one send_email job when the transaction commits', async () => {
    const { id, created } = await queue(staffTest('commit-1', 'ann@example.org'))
    assert.equal(created, true)

    const row = await emailRow(id)
    assert.equal(row.key, 'commit-1')
    assert.equal(row.template, 'staff-test')
    assert.equal(row.recipient, 'ann@example.org')
    assert.equal(row.subject, 'Test email from the NHS Python Community')
    assert.match(row.html, /This is a test email from the NHS Python Community/)
    assert.match(row.textBody, /It was sent at the request of Ada Admin/)
    assert.equal(row.status, 'queued')
    assert.equal(row.attempts, 0)
    assert.equal(row.lastError, null)
    assert.equal(row.sentAt, null)

    const job = await jobFor(id)
    assert.ok(job, 'a job for the email')
    assert.equal(job.max_attempts, SEND_EMAIL_MAX_ATTEMPTS)
    const payloads: { payload: unknown }[] = await database.dataSource.query(
      `SELECT "payload" FROM graphile_worker._private_jobs WHERE "id" = $1`,
      [job.id],
    )
    assert.deepEqual(payloads[0]?.payload, { id })
  })

  it('queues one email, with one job, however often the same key is queued', async () => {
    const first = await queue(staffTest('same-key', 'ann@example.org'))
    const second = await queue({ ...staffTest('same-key', 'bob@example.org'), data: { requestedBy: 'Someone else' } })
    assert.deepEqual(second, { id: first.id, created: false })
    assert.equal(await count(`SELECT count(*) FROM email_messages WHERE "key" = 'same-key'`), 1)
    assert.equal(await count(`SELECT count(*) FROM graphile_worker.jobs WHERE "key" = $1`, [`send_email:${first.id}`]), 1)
    assert.equal((await emailRow(first.id)).recipient, 'ann@example.org')
  })

  it('commits the row and the job together even when not given a transaction', async () => {
    const { id } = await mail.enqueue(database.dataSource.manager, staffTest('no-transaction', 'ann@example.org'))
    assert.ok(await jobFor(id))
  })
})

describe('delivering queued email', () => {
  const sink = new SmtpSink({ deferRecipient: (address) => address === 'later@example.org' })

  before(async () => {
    await sink.start()
  })

  after(async () => {
    await sink.stop()
  })

  it('the worker sends a queued email over SMTP and marks it sent', async () => {
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url } }))
    try {
      const { id } = await queue(staffTest('deliver-1', 'carol@example.org'))
      const { mail } = await sink.waitForMessage(sentTo('carol@example.org'))

      assert.equal(mail.subject, 'Test email from the NHS Python Community')
      assert.deepEqual(addresses(mail.to), ['carol@example.org'])
      assert.deepEqual(addresses(mail.from), ['no-reply@nhs-pycom.example'])
      assert.equal(mail.from?.value[0]?.name, 'NHS Python Community')
      // A reply reaches the community's contact address, not the no-reply sender.
      assert.deepEqual(addresses(mail.replyTo), ['hello@nhs-pycom.net'])
      assert.equal(mail.messageId, messageIdFor('deliver-1', FROM))
      assert.match(mail.text ?? '', /This is a test email from the NHS Python Community\./)
      assert.match(mail.text ?? '', /It was sent at the request of Ada Admin\./)
      assert.doesNotMatch(mail.text ?? '', /<[a-z]/)
      assert.match(String(mail.html), /<p style="[^"]*">This is a test email from the NHS Python Community\.<\/p>/)
      assert.match(String(mail.html), /background-color: #005eb8/)

      await waitFor('the row to be marked sent', async () => (await emailRow(id)).status === 'sent')
      const row = await emailRow(id)
      assert.ok(row.sentAt instanceof Date)
      assert.equal(row.attempts, 1)
      assert.equal(row.lastError, null)
      await waitFor('the job to complete', async () => (await jobFor(id)) === null)
    } finally {
      await worker.stop()
    }
  })

  it('sends an email\'s attachments, and refuses one that holds a one-time link or an unsafe name', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n'
    const attachment = { filename: 'invite.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST', content: ics }
    await assert.rejects(queue({ ...staffTest('attach-token', 'erin.attach@example.org'), attachments: [{ ...attachment, content: `URL:/conversation/${'A'.repeat(43)}` }] }), /looks like a one-time link/)
    await assert.rejects(queue({ ...staffTest('attach-name', 'erin.attach@example.org'), attachments: [{ ...attachment, filename: '../invite.ics' }] }), /is not allowed/)
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url } }))
    try {
      const { id } = await queue({ ...staffTest('attach-1', 'erin.attach@example.org'), attachments: [attachment] })
      assert.deepEqual((await emailRow(id)).attachments, [attachment])
      const { mail } = await sink.waitForMessage(sentTo('erin.attach@example.org'))
      const [sent] = mail.attachments
      assert.equal(sent?.filename, 'invite.ics')
      assert.equal(sent?.contentType, 'text/calendar')
      assert.equal(sent?.content.toString('utf8'), ics)
    } finally {
      await worker.stop()
    }
  })

  it('gives each email the contact address its Reply-To as it was when queued, and none to one queued before emails had one', async () => {
    await database.dataSource.query(`UPDATE "settings" SET "contact_email" = 'volunteers@nhs-pycom.example'`)
    // Queued before there was a reply_to column: sent as it was, with no Reply-To.
    const older = await queue(staffTest('reply-to-old', 'otto@example.org'))
    await database.dataSource.query(`UPDATE "email_messages" SET "reply_to" = NULL WHERE "id" = $1`, [older.id])
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url } }))
    try {
      const { id } = await queue(staffTest('reply-to-new', 'rhea@example.org'))
      assert.equal((await emailRow(id)).replyTo, 'volunteers@nhs-pycom.example')
      const { mail } = await sink.waitForMessage(sentTo('rhea@example.org'))
      assert.deepEqual(addresses(mail.replyTo), ['volunteers@nhs-pycom.example'])
      assert.match(mail.text ?? '', /If you have a question, contact volunteers@nhs-pycom\.example\./)

      const { mail: old } = await sink.waitForMessage(sentTo('otto@example.org'))
      assert.equal(old.replyTo, undefined)
    } finally {
      await worker.stop()
      await database.dataSource.query(`UPDATE "settings" SET "contact_email" = 'hello@nhs-pycom.net'`)
    }
  })

  it('does not send an email again when its job runs again after it was sent', async () => {
    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url } }))
    try {
      const { id } = await queue(staffTest('deliver-once', 'dan@example.org'))
      await sink.waitForMessage(sentTo('dan@example.org'))
      await waitFor('the first job to complete', async () => (await jobFor(id)) === null)

      // As if a crash had left the job behind after the send: the same job, once more.
      await database.dataSource.query(`SELECT graphile_worker.add_job('send_email', json_build_object('id', $1::text), job_key := $2)`, [
        id,
        `send_email:${id}`,
      ])
      await waitFor('the repeated job to complete', async () => (await jobFor(id)) === null)

      assert.equal(sink.messages.filter(sentTo('dan@example.org')).length, 1)
      const row = await emailRow(id)
      assert.equal(row.status, 'sent')
      assert.equal(row.attempts, 1)
    } finally {
      await worker.stop()
    }
  })

  it('loses nothing while the SMTP server is down: it retries and delivers once the server is back', async () => {
    const outage = new SmtpSink()
    await outage.start()
    await outage.stop()
    const worker = await startTestWorker(database, configFor({ smtp: { url: outage.url } }))
    try {
      const { id } = await queue(staffTest('outage-1', 'erin@example.org'))
      await waitFor('the first attempt to fail and be rescheduled', async () => {
        const job = await jobFor(id)
        return job !== null && job.attempts >= 1 && job.locked_at === null
      })
      const failedOnce = await emailRow(id)
      assert.equal(failedOnce.status, 'queued')
      assert.equal(failedOnce.attempts, 1)
      assert.match(failedOnce.lastError ?? '', /ECONNREFUSED/)

      // No manual step: graphile-worker's own back-off (exp(1) s, about 2.7 s) brings the retry.
      await outage.start()
      await outage.waitForMessage(sentTo('erin@example.org'), 20_000)
      await waitFor('the row to be marked sent', async () => (await emailRow(id)).status === 'sent')
      assert.equal((await emailRow(id)).attempts, 2)
    } finally {
      await worker.stop()
      await outage.stop()
    }
  })

  it('keeps email queued while no worker runs, and sends it when one starts', async () => {
    const { id } = await queue(staffTest('restart-1', 'fay@example.org'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal((await emailRow(id)).status, 'queued')
    assert.ok(await jobFor(id))

    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url } }))
    try {
      await sink.waitForMessage(sentTo('fay@example.org'))
      await waitFor('the row to be marked sent', async () => (await emailRow(id)).status === 'sent')
    } finally {
      await worker.stop()
    }
  })

  it('marks the email failed, with the error, when its last attempt fails', async () => {
    // A temporary refusal (451) is retried until the last attempt; a permanent one fails at once
    // (tests/routes/email-recovery.test.ts).
    const { id } = await queue(staffTest('last-attempt-1', 'later@example.org'))
    const job = await jobFor(id)
    assert.ok(job)
    // As if eleven attempts had failed already: the next one is the last.
    await database.dataSource.query(`SELECT graphile_worker.reschedule_jobs(ARRAY[$1::bigint], attempts := $2)`, [
      job.id,
      SEND_EMAIL_MAX_ATTEMPTS - 1,
    ])

    const worker = await startTestWorker(database, configFor({ smtp: { url: sink.url } }))
    try {
      await waitFor('the row to be marked failed', async () => (await emailRow(id)).status === 'failed')
      const row = await emailRow(id)
      assert.match(row.lastError ?? '', /451/)
      assert.match(row.lastError ?? '', /Recipient address deferred/)
      assert.equal(row.sentAt, null)

      await waitFor('the job to be released', async () => (await jobFor(id))?.locked_at === null)
      const failedJob = await jobFor(id)
      assert.equal(failedJob?.attempts, SEND_EMAIL_MAX_ATTEMPTS)
      // The job's error is logged by graphile-worker, so it carries no email address.
      assert.match(failedJob?.last_error ?? '', /\[address\]/)
      assert.doesNotMatch(failedJob?.last_error ?? '', /later@example\.org/)
      assert.equal(sink.messages.filter(sentTo('later@example.org')).length, 0)
    } finally {
      await worker.stop()
    }
  })
})

describe('without SMTP_URL', () => {
  it('writes each email as an .eml file under <dataDir>/mail', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-test-'))
    const mailDir = path.join(dataDir, 'mail')
    const worker = await startTestWorker(database, configFor({ smtp: { url: null }, dataDir }))
    try {
      const { id } = await queue(staffTest('eml-1', 'gus@example.org'))
      // Written whole: a file can be seen while it is still being written.
      await waitFor('an .eml file', async () => fs.existsSync(mailDir) && fs.readdirSync(mailDir).some((name) => name.endsWith('.eml')) && (await emailRow(id)).status === 'sent')
      const [file] = fs.readdirSync(mailDir)
      assert.ok(file)
      const mail = await simpleParser(fs.readFileSync(path.join(mailDir, file)))
      assert.equal(mail.subject, 'Test email from the NHS Python Community')
      assert.deepEqual(addresses(mail.to), ['gus@example.org'])
      assert.match(mail.text ?? '', /This is a test email from the NHS Python Community\./)
      assert.match(String(mail.html), /This is a test email from the NHS Python Community\./)
      await waitFor('the row to be marked sent', async () => (await emailRow(id)).status === 'sent')
    } finally {
      await worker.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
