// A one-time link in the outbox would let anyone who reads email_messages (a backup, a support
// query, /admin/emails) sign in as the person it was for. So no table ever holds a live token in
// clear: the stored email keeps a placeholder, the token is sealed until the worker sends it, and
// the bodies of sent emails go after the retention period.
import assert from 'node:assert/strict'
import { after, it } from 'node:test'
import type { JobHelpers } from 'graphile-worker'
import request from 'supertest'
import { sendSignInLink } from '../../src/actions/my-application/send-sign-in-link.ts'
import { createPurgeExpiredTask } from '../../src/jobs/purge-expired.task.ts'
import { createLogger } from '../../src/logger.ts'
import { emailLinkKey, openTokens, redactOneTimeLinks, restoreOneTimeLinks, sealTokens, UnreadableLinksError } from '../../src/mail/one-time-links.ts'
import { APPLICANT } from '../../src/services/audit.ts'
import { RedactLegacyEmailLinks1765901000000 } from '../../migrations/1765901000000-redact-legacy-email-links.ts'
import { createToken } from '../../src/services/tokens.ts'
import { testConfig, useTestApp } from '../helpers/app.ts'
import { submitApplication, tokenFromEmail } from '../helpers/review.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { signIn } from '../helpers/staff.ts'
import { startTestWorker } from '../helpers/worker.ts'

const ADA = 'ada@example.org'
const sink = new SmtpSink()
const t = useTestApp({
  config: async () => {
    await sink.start()
    return { smtp: { url: sink.url } }
  },
  staff: { admin: { name: 'Ann Admin', roles: ['admin'] } },
})
// After the app's own clean-up (registered first, so run first): its mail pool closes before the sink.
after(() => sink.stop())

/** Every row of every table the app and the worker keep, as text. */
async function everyRow(): Promise<string> {
  const tables: { schema: string; name: string }[] = await t.database.dataSource.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_schema IN ('public', 'graphile_worker') AND table_type = 'BASE TABLE'`,
  )
  let all = ''
  for (const { schema, name } of tables) {
    const rows: { row: string }[] = await t.database.dataSource.query(`SELECT r::text AS row FROM "${schema}"."${name}" r`)
    all += rows.map((each) => each.row).join('\n')
  }
  return all
}

async function signInEmail(): Promise<{ id: string; status: string; html: string; text_body: string; link_tokens: string | null }> {
  const rows = await t.database.dataSource.query(`SELECT id, status, html, text_body, link_tokens FROM email_messages WHERE recipient = $1 AND template = 'applicant-sign-in'`, [ADA])
  assert.equal(rows.length, 1)
  return rows[0]
}

async function waitUntilSent(id: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const [row]: { status: string }[] = await t.database.dataSource.query(`SELECT status FROM email_messages WHERE id = $1`, [id])
    if (row?.status === 'sent') return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  assert.fail('the email was not marked sent')
}

it('stores a sign-in email without its token, sends it with a working link, and keeps only the redacted copy', async () => {
  await submitApplication(t, { email: ADA })
  await t.services.act(sendSignInLink, { email: ADA }, APPLICANT)
  const token = await tokenFromEmail(t.database.dataSource, { recipient: ADA, template: 'applicant-sign-in' }, '/my-application/sign-in')
  const queued = await signInEmail()
  assert.match(queued.text_body, /\/my-application\/sign-in\/\[one-time-link-1\]/)
  assert.ok(queued.link_tokens, 'the token is kept sealed until it is sent')
  assert.ok(!(await everyRow()).includes(token), 'no table holds the raw token')

  const worker = await startTestWorker(t.database, t.services.config)
  try {
    const { mail } = await sink.waitForMessage((message) => message.envelopeTo.includes(ADA) && /sign-in/.test(message.mail.text ?? ''))
    const link = `http://localhost:3000/my-application/sign-in/${token}`
    assert.ok(mail.text?.includes(link), 'the text part has the working link')
    assert.ok(String(mail.html).includes(link), 'the HTML part has the working link')
    assert.doesNotMatch(`${mail.text}${String(mail.html)}`, /one-time-link/)
    await waitUntilSent(queued.id)
  } finally {
    await worker.stop()
  }

  const sent = await signInEmail()
  assert.equal(sent.link_tokens, null, 'once sent, the sealed token is gone')
  assert.match(sent.html, /\[one-time-link-1\]/)
  assert.ok(!(await everyRow()).includes(token))
  // The link still works: the person it was for can use it.
  await request(t.app).get(`/my-application/sign-in/${token}`).expect(200)

  const agent = request.agent(t.app)
  await signIn(agent, t.staff.admin)
  const page = await agent.get(`/admin/emails/${sent.id}`).expect(200)
  assert.match(page.text, /Hidden: this email contains a one-time link/)
  assert.ok(!page.text.includes(token))
  assert.ok(!page.text.includes('/my-application/sign-in/'))
})

it('removes the bodies of emails sent longer ago than the retention period, keeping that they were sent', async () => {
  const { id } = await signInEmail()
  await t.database.dataSource.query(`UPDATE email_messages SET sent_at = now() - interval '7 months' WHERE id = $1`, [id])
  const [{ id: recentId }]: [{ id: string }] = await t.database.dataSource.query(`SELECT id FROM email_messages WHERE template = 'application-received'`)
  await t.database.dataSource.query(`UPDATE email_messages SET status = 'sent', sent_at = now() - interval '5 months' WHERE id = $1`, [recentId])

  await createPurgeExpiredTask(t.database.dataSource, createLogger('silent'))({}, {} as JobHelpers)

  const [old]: { status: string; sent_at: Date; html: string; text_body: string; body_purged_at: Date | null }[] = await t.database.dataSource.query(
    `SELECT status, sent_at, html, text_body, body_purged_at FROM email_messages WHERE id = $1`,
    [id],
  )
  assert.equal(old!.status, 'sent')
  assert.ok(old!.sent_at instanceof Date)
  assert.equal(old!.html, '')
  assert.equal(old!.text_body, '')
  assert.ok(old!.body_purged_at)
  const [recent]: { text_body: string }[] = await t.database.dataSource.query(`SELECT text_body FROM email_messages WHERE id = $1`, [recentId])
  assert.notEqual(recent!.text_body, '', 'an email within the retention period keeps its body')

  const agent = request.agent(t.app)
  await signIn(agent, t.staff.admin)
  assert.match((await agent.get(`/admin/emails/${id}`).expect(200)).text, /removed once the retention period had passed/)
})

it('puts back exactly the tokens it took out, and refuses tokens sealed with another key', () => {
  const token = 'Ab'.repeat(21) + 'c'
  const other = 'x-'.repeat(21) + 'y'
  const email = { subject: 'Sign in', html: `<a href="https://x/offer/${token}/accept">Accept</a> <a href="https://x/offer/${token}/decline">`, text: `https://x/a?token=${other}` }
  const { redacted, tokens } = redactOneTimeLinks(email, { token })
  assert.deepEqual(tokens, [token, other])
  assert.ok(!JSON.stringify(redacted).includes(token) && !JSON.stringify(redacted).includes(other))
  const key = emailLinkKey(testConfig().session.secret)
  const sealed = sealTokens(tokens, key)
  assert.ok(sealed && !sealed.includes(token))
  assert.deepEqual(restoreOneTimeLinks(redacted, openTokens(sealed, key)), email)
  assert.throws(() => openTokens(sealed, emailLinkKey('another secret of at least 32 characters')), UnreadableLinksError)
  assert.equal(sealTokens([], key), null)
})

it('takes the clear tokens out of emails stored before links were sealed, once they are sent or have failed', async () => {
  const stored = async (key: string, status: string, token: string) => {
    await t.database.dataSource.query(
      `INSERT INTO "email_messages" ("key", "template", "recipient", "subject", "html", "text_body", "status")
       VALUES ($1, 'applicant-sign-in', $2, 'Your sign-in link', $3, $4, $5)`,
      [key, ADA, `<a href="http://localhost:3000/my-application/sign-in/${token}">Sign in</a>`, `Sign in: http://localhost:3000/my-application/sign-in/${token}`, status],
    )
  }
  const [sent, failed, queued] = [createToken().token, createToken().token, createToken().token]
  await stored('legacy:sent', 'sent', sent)
  await stored('legacy:failed', 'failed', failed)
  await stored('legacy:queued', 'queued', queued)

  const runner = t.database.dataSource.createQueryRunner()
  try {
    await new RedactLegacyEmailLinks1765901000000().up(runner)
  } finally {
    await runner.release()
  }

  const rows: { key: string; html: string; text_body: string }[] = await t.database.dataSource.query(
    `SELECT "key", "html", "text_body" FROM "email_messages" WHERE "key" LIKE 'legacy:%' ORDER BY "key"`,
  )
  const byKey = Object.fromEntries(rows.map((row) => [row.key, `${row.html}\n${row.text_body}`]))
  for (const [key, token] of [['legacy:sent', sent], ['legacy:failed', failed]] as const) {
    assert.ok(!byKey[key]!.includes(token), `${key} no longer holds its token`)
    assert.match(byKey[key]!, /sign-in\/\[one-time-link-1\]/)
  }
  assert.ok(byKey['legacy:queued']!.includes(queued), 'an email still to be sent keeps its working link')
})
