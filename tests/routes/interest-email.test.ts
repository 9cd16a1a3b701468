// The emails of interest that waits as they arrive at a real SMTP server: the outbox carries extra
// header fields (List-Unsubscribe and List-Unsubscribe-Post, RFC 8058) through the worker, their
// links stored redacted and put back only to send; and a role opened on the admin pages reaches
// the people waiting for it through the worker's jobs, whose one-click unsubscribe then works.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { createToken } from '../../src/services/tokens.ts'
import type { ReceivedMessage } from '../helpers/smtp-sink.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { confirmedInterest } from '../helpers/interest.ts'
import { signIn } from '../helpers/staff.ts'
import { startTestWorker } from '../helpers/worker.ts'

const sink = new SmtpSink()
const t = useTestApp({ staff: { manager: { name: 'Cara Manager', roles: ['community-manager'] } } })
t.before(async () => {
  await sink.start()
  t.onClose(() => sink.stop())
})

/** The real worker, sending to the sink. */
const startWorker = () => startTestWorker(t.database, { ...t.services.config, smtp: { url: sink.url } })

/** A header field as it arrived, unfolded. */
function header(message: ReceivedMessage, name: string): string | undefined {
  const line = message.mail.headerLines.find((each) => each.key === name.toLowerCase())?.line
  return line?.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()
}

const sentTo = (address: string, subject: RegExp) => (message: ReceivedMessage) => message.envelopeTo.includes(address) && subject.test(message.mail.subject ?? '')

describe('extra header fields', () => {
  it('go out with the email, one-time links in them put back; the stored row keeps them redacted', async () => {
    const { token } = createToken()
    const worker = await startWorker()
    try {
      await t.database.dataSource.transaction((manager) =>
        t.services.mail.enqueue(manager, {
          key: 'headers-test:1',
          template: 'staff-test',
          to: 'eve@example.org',
          data: { requestedBy: 'Ada Admin', token },
          headers: { 'List-Id': 'Volunteer roles <roles.example.org>' },
          unsubscribePath: `/interest/unsubscribe/${token}`,
        }),
      )
      const message = await sink.waitForMessage(sentTo('eve@example.org', /Test email/))
      assert.equal(header(message, 'List-Unsubscribe'), `<http://localhost:3000/interest/unsubscribe/${token}>`)
      assert.equal(header(message, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click')
      assert.equal(header(message, 'List-Id'), 'Volunteer roles <roles.example.org>')
    } finally {
      await worker.stop()
    }
    const [row]: { headers: Record<string, string> }[] = await t.database.dataSource.query(`SELECT headers FROM email_messages WHERE key = 'headers-test:1'`)
    assert.equal(row!.headers['List-Unsubscribe'], '<http://localhost:3000/interest/unsubscribe/[one-time-link-1]>')
    assert.ok(!JSON.stringify(row).includes(token))
  })

  it('refuses a header with a line break, or one the transport sets itself', async () => {
    const queue = (headers: Record<string, string>) =>
      t.database.dataSource.transaction((manager) =>
        t.services.mail.enqueue(manager, { key: `bad-header:${Object.keys(headers)[0]}`, template: 'staff-test', to: 'eve@example.org', data: { requestedBy: 'Ada' }, headers }),
      )
    await assert.rejects(queue({ 'X-Note': 'one\r\nBcc: mallory@example.org' }), /line break/)
    await assert.rejects(queue({ Bcc: 'mallory@example.org' }), /may not set the header "Bcc"/)
    await assert.rejects(queue({ 'Bad Name': 'x' }), /may not set the header/)
  })
})

describe('a role opening, through the worker', () => {
  it('emails the people waiting for it, with a one-click unsubscribe that works', async () => {
    await t.database.dataSource.query(`UPDATE roles SET status = 'closed' WHERE slug = 'events-manager'`)
    await confirmedInterest(t, { email: 'ada@example.org', roles: ['events-manager'] })

    const agent = request.agent(t.app)
    assert.equal((await signIn(agent, t.staff.manager)).status, 303)
    const [{ id }]: [{ id: string }] = await t.database.dataSource.query(`SELECT id FROM roles WHERE slug = 'events-manager'`)
    const page = await agent.get(`/admin/roles/${id}/open`).expect(200)
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!
    assert.equal((await agent.post(`/admin/roles/${id}/open`).type('form').send({ _csrf: csrfTokenFrom(page), version })).status, 303)

    const worker = await startWorker()
    let message: ReceivedMessage
    try {
      message = await sink.waitForMessage(sentTo('ada@example.org', /The Events manager role is open/))
    } finally {
      await worker.stop()
    }
    assert.match(message.mail.text ?? '', /http:\/\/localhost:3000\/roles\/events-manager/)
    const unsubscribe = /^<http:\/\/localhost:3000(\/interest\/unsubscribe\/[A-Za-z0-9_-]{43})>$/.exec(header(message, 'List-Unsubscribe') ?? '')?.[1]
    assert.ok(unsubscribe, `a List-Unsubscribe link: ${header(message, 'List-Unsubscribe')}`)
    assert.equal(header(message, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click')
    assert.ok((message.mail.text ?? '').includes(`http://localhost:3000${unsubscribe}`), 'the same link is in the text')

    // What a mail program does when its unsubscribe button is pressed.
    const oneClick = await request(t.app).post(unsubscribe).set('Content-Type', 'application/x-www-form-urlencoded').send('List-Unsubscribe=One-Click')
    assert.equal(oneClick.status, 200)
    assert.deepEqual(await t.database.dataSource.query(`SELECT 1 FROM interest_registrations`), [])
  })
})
