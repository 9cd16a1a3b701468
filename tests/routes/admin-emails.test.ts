import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { inviteStaffUser } from '../../src/actions/admin/users/invite-staff-user.ts'
import { AuditEvent, EmailMessage, type StaffUser } from '../../src/entities/index.ts'
import { emailTemplateNames } from '../../src/mail/templates.ts'
import { containsOneTimeLink } from '../../src/queries/email-log.ts'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { applicantSignInToken, draftResumeToken, submitApplication } from '../helpers/review.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    admin: { name: 'Ada Admin', roles: ['admin'] },
  },
})

async function agentFor(user: StaffUser) {
  const agent = request.agent(t.app)
  await signIn(agent, user)
  return agent
}

let counter = 0

/** Queues an email through the real outbox; returns its id. */
async function queueEmail(to = `person${++counter}@example.org`, template = 'staff-test', data: Record<string, unknown> = { requestedBy: `Sender ${counter}` }): Promise<string> {
  const { id } = await t.services.mail.enqueue(t.database.dataSource.manager, { key: `test:${++counter}`, template, to, data })
  return id
}

/** What the worker leaves behind after the last attempt: the row failed, the job out of attempts. */
async function failForGood(id: string, error = 'SMTP 550 mailbox unavailable') {
  await t.database.dataSource.query(`UPDATE "email_messages" SET "status" = 'failed', "attempts" = 12, "last_error" = $2 WHERE "id" = $1`, [id, error])
  await t.database.dataSource.query(`UPDATE graphile_worker._private_jobs SET "attempts" = "max_attempts", "last_error" = $2 WHERE "key" = $1`, [`send_email:${id}`, error])
}

const emailIdsOn = (html: string) => [...html.matchAll(/href="\/admin\/emails\/([0-9a-f-]{36})"/g)].map((match) => match[1]!)

describe('the email log', () => {
  it('lists emails newest first, 25 a page, with status tags, and filters by status with the failed count at the top', async () => {
    const agent = await agentFor(t.staff.admin)
    const ids: string[] = []
    for (let i = 0; i < 28; i++) ids.push(await queueEmail())
    // Spread the times so that "newest first" is unambiguous.
    for (const [i, id] of ids.entries()) {
      await t.database.dataSource.query(`UPDATE "email_messages" SET "created_at" = now() - make_interval(mins => $2) WHERE "id" = $1`, [id, 1000 - i])
    }
    await failForGood(ids[3]!)
    await failForGood(ids[5]!)
    await t.database.dataSource.query(`UPDATE "email_messages" SET "status" = 'sent', "attempts" = 1, "sent_at" = now() WHERE "id" = $1`, [ids[27]])

    const first = await agent.get('/admin/emails').expect(200)
    const total = await t.database.dataSource.getRepository(EmailMessage).count()
    const onFirst = emailIdsOn(first.text)
    assert.equal(onFirst.length, 25)
    assert.equal(onFirst[0], ids[27], 'the newest email first')
    assert.match(first.text, /2 emails failed to send/)
    assert.match(first.text, /href="\/admin\/emails\?status=failed">Show failed emails/)
    assert.match(first.text, /<strong class="nhsuk-tag nhsuk-tag--green">\s*Sent\s*<\/strong>/)
    assert.match(first.text, /nhsuk-tag--grey">\s*Queued/)
    assert.match(first.text, new RegExp(`of ${total} emails, newest first`))
    assert.match(first.text, /Failed<\/a>: 2/)

    const second = await agent.get('/admin/emails?page=2').expect(200)
    assert.equal(emailIdsOn(second.text).length, total - 25)
    assert.ok(emailIdsOn(second.text).every((id) => !onFirst.includes(id)))

    const failed = await agent.get('/admin/emails?status=failed').expect(200)
    assert.deepEqual(emailIdsOn(failed.text).sort(), [ids[3], ids[5]].sort())
    assert.match(failed.text, /nhsuk-tag--red">\s*Failed/)
    assert.match(failed.text, /<strong aria-current="true">Failed: 2<\/strong>/)
    assert.doesNotMatch(failed.text, /Show failed emails/)

    // A made-up status or page is ignored, not an error.
    assert.equal(emailIdsOn((await agent.get('/admin/emails?status=lost&page=x').expect(200)).text).length, 25)
  })

  it('shows an email: its details, last error, the text in a <pre> and the HTML in a sandboxed frame', async () => {
    const agent = await agentFor(t.staff.admin)
    const id = await queueEmail('reader@example.org', 'staff-test', { requestedBy: 'Tom & <Jerry>' })
    await failForGood(id, 'connect ECONNREFUSED 127.0.0.1:25')
    const page = await agent.get(`/admin/emails/${id}`).expect(200)
    assert.match(page.text, /reader@example\.org/)
    assert.match(page.text, /connect ECONNREFUSED 127\.0\.0\.1:25/)
    assert.match(page.text, /Replies go to\s*<\/dt>\s*<dd class="nhsuk-summary-list__value">\s*hello@nhs-pycom\.net/)
    assert.match(page.text, /<pre class="app-email-text"[^>]*>[^<]*It was sent at the request of Tom &amp; &lt;Jerry&gt;/)
    const frame = /<iframe class="app-email-preview" title="HTML version of the email" sandbox srcdoc="([^"]*)"><\/iframe>/.exec(page.text)
    assert.ok(frame, 'a sandboxed frame with the HTML (sandbox with no allowances: no scripts, no same origin)')
    // The HTML is in an attribute, escaped: nothing in it can close the attribute or the frame.
    assert.match(frame[1]!, /&lt;h1/)
    assert.doesNotMatch(frame[1]!, /<|"/)
    assert.match(page.text, /Send again/)

    await agent.get('/admin/emails/00000000-0000-0000-0000-000000000000').expect(404)
    await agent.get('/admin/emails/not-an-id').expect(404)
  })

  it('never shows the body of an email with a one-time link', async () => {
    const agent = await agentFor(t.staff.admin)
    await submitApplication(t, { email: 'ada@example.org' })
    const signInToken = await applicantSignInToken(t, 'ada@example.org')
    const resumeToken = await draftResumeToken(t, 'grace@example.org')
    // An email whose template is not on the list, but whose body holds a one-time link (an offer's).
    const offerToken = 'A'.repeat(20) + 'b_-'.repeat(7) + 'z'.repeat(2)
    assert.equal(offerToken.length, 43)
    const [{ id: offerId }]: [{ id: string }] = await t.database.dataSource.query(
      `INSERT INTO "email_messages" ("key", "template", "recipient", "subject", "html", "text_body")
       VALUES ('offer-like', 'application-update', 'ada@example.org', 'An update', $1, $2) RETURNING "id"`,
      [`<a href="http://localhost:3000/offer/${offerToken}/accept">Accept</a>`, `Accept: http://localhost:3000/offer/${offerToken}/accept`],
    )

    const hidden = [
      { template: 'applicant-sign-in', token: signInToken, path: '/my-application/sign-in/' },
      { template: 'application-draft-saved', token: resumeToken, path: '/apply/resume/' },
    ]
    for (const { template, token, path } of hidden) {
      const [{ id }]: [{ id: string }] = await t.database.dataSource.query(`SELECT "id" FROM "email_messages" WHERE "template" = $1`, [template])
      const page = await agent.get(`/admin/emails/${id}`).expect(200)
      assert.match(page.text, /Hidden: this email contains a one-time link/)
      assert.ok(!page.text.includes(token), `the ${template} token is not on the page`)
      assert.ok(!page.text.includes(path), `no ${path} link on the page`)
      assert.doesNotMatch(page.text, /<iframe|<pre/)
    }
    const offerPage = await agent.get(`/admin/emails/${offerId}`).expect(200)
    assert.match(offerPage.text, /Hidden: this email contains a one-time link/)
    assert.ok(!offerPage.text.includes(offerToken))
    assert.ok(!offerPage.text.includes('/offer/'))

    // Staff invitations and password resets too (the invitation is a real one, through the service).
    await t.services.act(inviteStaffUser, { email: 'newbie@example.org', name: 'New Bie', roles: ['board-member'] }, { type: 'staff', id: t.staff.admin.id })
    const [{ id: invitationId }]: [{ id: string }] = await t.database.dataSource.query(`SELECT "id" FROM "email_messages" WHERE "template" = 'staff-invitation'`)
    const invitation = await agent.get(`/admin/emails/${invitationId}`).expect(200)
    assert.match(invitation.text, /Hidden: this email contains a one-time link/)
    assert.ok(!invitation.text.includes('/invitation/'))

    // Emails without a link to use are shown: the receipt and the board's notification.
    for (const template of ['application-received', 'new-application']) {
      const rows: { id: string }[] = await t.database.dataSource.query(`SELECT "id" FROM "email_messages" WHERE "template" = $1 LIMIT 1`, [template])
      if (template === 'application-received') assert.equal(rows.length, 1)
      for (const { id } of rows) assert.match((await agent.get(`/admin/emails/${id}`).expect(200)).text, /<pre class="app-email-text"/, template)
    }

    for (const template of ['executive-sign-in', 'staff-password-reset', 'applicant-sign-in']) {
      assert.ok(containsOneTimeLink({ template, html: '', textBody: '' }), template)
    }
    assert.ok(containsOneTimeLink({ template: 'anything', html: '', textBody: 'http://x/setup?token=abc' }))
    assert.ok(!containsOneTimeLink({ template: 'application-received', html: '<p>See /my-application</p>', textBody: 'http://localhost:3000/my-application' }))
  })

  it('"Send again" queues a failed email with a fresh job, once, and audits it', async () => {
    const agent = await agentFor(t.staff.admin)
    const id = await queueEmail('bounce@example.org')
    await failForGood(id)
    const page = await agent.get(`/admin/emails/${id}`).expect(200)
    const response = await agent.post(`/admin/emails/${id}/send-again`).type('form').send({ _csrf: csrfTokenFrom(page) })
    assert.equal(response.status, 303)
    assert.equal(response.headers.location, `/admin/emails/${id}`)

    const row = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ id })
    assert.equal(row.status, 'queued')
    const jobs: { attempts: number; max_attempts: number; last_error: string | null; payload: { id: string } }[] = await t.database.dataSource.query(
      `SELECT j."attempts", j."max_attempts", j."last_error", j."payload" FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t."id" = j."task_id"
       WHERE j."key" = $1 AND t."identifier" = 'send_email'`,
      [`send_email:${id}`],
    )
    assert.equal(jobs.length, 1)
    assert.equal(jobs[0]!.attempts, 0, 'a fresh set of attempts')
    assert.equal(jobs[0]!.max_attempts, 12)
    assert.equal(jobs[0]!.last_error, null)
    assert.equal(jobs[0]!.payload.id, id)

    const audits = await t.database.dataSource.getRepository(AuditEvent).findBy({ action: 'email.resent', subjectId: id })
    assert.equal(audits.length, 1)
    assert.equal(audits[0]!.actorId, t.staff.admin.id)
    assert.equal(audits[0]!.fromStatus, 'failed')
    assert.equal(audits[0]!.toStatus, 'queued')
    assert.match((await agent.get(`/admin/emails/${id}`)).text, /The email has been queued to send again/)

    // Pressing it again (a second tab, a replay): the email is not failed any more, so nothing happens.
    const again = await agent.post(`/admin/emails/${id}/send-again`).type('form').send({ _csrf: csrfTokenFrom(page) })
    assert.equal(again.status, 303)
    assert.match((await agent.get(`/admin/emails/${id}`)).text, /has not failed, so it was not sent again/)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'email.resent', subjectId: id }), 1)
  })

  it('sends a test email to the admin who asks', async () => {
    const agent = await agentFor(t.staff.admin)
    const response = await submitForm(agent, '/admin/emails/test', {}, { from: '/admin/emails' })
    assert.equal(response.status, 303)
    const emails = await t.database.dataSource.getRepository(EmailMessage).findBy({ template: 'staff-test', recipient: t.staff.admin.email })
    assert.equal(emails.length, 1)
    assert.equal(emails[0]!.status, 'queued')
    assert.match(emails[0]!.textBody, /at the request of Ada Admin/)
    const [{ count }]: [{ count: string }] = await t.database.dataSource.query(`SELECT count(*) AS "count" FROM graphile_worker._private_jobs WHERE "key" = $1`, [`send_email:${emails[0]!.id}`])
    assert.equal(Number(count), 1)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'email.test-queued', actorId: t.staff.admin.id }), 1)
    assert.match((await agent.get('/admin/emails')).text, /A test email has been queued/)
  })

  it('previews every email template with sample data: the subject, the text in a <pre> and the HTML in a sandboxed frame', async () => {
    const agent = await agentFor(t.staff.admin)
    const emailsBefore = await t.database.dataSource.getRepository(EmailMessage).count()
    assert.match((await agent.get('/admin/emails').expect(200)).text, /href="\/admin\/emails\/templates"/)
    const list = await agent.get('/admin/emails/templates').expect(200)
    for (const name of emailTemplateNames()) assert.match(list.text, new RegExp(`href="/admin/emails/templates/${name}"`), `a link to ${name}`)

    const page = await agent.get('/admin/emails/templates/staff-test').expect(200)
    assert.match(page.text, /Test email from /)
    assert.match(page.text, /<pre class="app-email-text"[^>]*>[^<]*It was sent at the request of Ada Admin/)
    const frame = /<iframe class="app-email-preview" title="HTML version of the email" sandbox srcdoc="([^"]*)"><\/iframe>/.exec(page.text)
    assert.ok(frame, 'a sandboxed frame with the HTML')
    assert.match(frame[1]!, /&lt;h1/)
    assert.doesNotMatch(frame[1]!, /<|"/)
    for (const name of emailTemplateNames()) await agent.get(`/admin/emails/templates/${name}`).expect(200)

    await agent.get('/admin/emails/templates/no-such-template').expect(404)
    await agent.get('/admin/emails/templates/layouts').expect(404)
    // Previews write nothing: looking at them queues no email.
    assert.equal(await t.database.dataSource.getRepository(EmailMessage).count(), emailsBefore)
  })

  it('is for admins only', async () => {
    const id = await queueEmail()
    await failForGood(id)
    for (const path of ['/admin/emails', `/admin/emails/${id}`, '/admin/emails/templates', '/admin/emails/templates/staff-test']) {
      const anonymous = await request(t.app).get(path)
      assert.equal(anonymous.status, 303)
      assert.equal(anonymous.headers.location, '/sign-in')
    }
    for (const roles of [['board-member'], ['community-manager']] as const) {
      const agent = await agentFor(await createStaff(t, [...roles]))
      await agent.get('/admin/emails').expect(403)
      await agent.get(`/admin/emails/${id}`).expect(403)
      await agent.get('/admin/emails/templates').expect(403)
      await agent.get('/admin/emails/templates/staff-test').expect(403)
      const home = await agent.get('/staff').expect(200)
      await agent.post(`/admin/emails/${id}/send-again`).type('form').send({ _csrf: csrfTokenFrom(home) }).expect(403)
      await agent.post('/admin/emails/test').type('form').send({ _csrf: csrfTokenFrom(home) }).expect(403)
    }
    assert.equal((await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ id })).status, 'failed')
  })

  it('refuses POSTs without a CSRF token', async () => {
    const agent = await agentFor(t.staff.admin)
    const id = await queueEmail()
    await failForGood(id)
    const testsBefore = await t.database.dataSource.getRepository(EmailMessage).countBy({ template: 'staff-test', recipient: t.staff.admin.email })
    await agent.post(`/admin/emails/${id}/send-again`).type('form').send({}).expect(403)
    await agent.post('/admin/emails/test').type('form').send({ _csrf: 'forged' }).expect(403)
    assert.equal((await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ id })).status, 'failed')
    assert.equal(await t.database.dataSource.getRepository(EmailMessage).countBy({ template: 'staff-test', recipient: t.staff.admin.email }), testsBefore)
  })
})
