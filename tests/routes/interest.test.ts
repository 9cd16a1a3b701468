// Interest that waits: anyone can ask to be emailed when a role opens (double opt-in), is emailed
// once per opening with a one-click unsubscribe, and is forgotten after the retention period or
// at once on request. Through the real pages, CSRF and sessions on.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request, { type Response } from 'supertest'
import { eraseApplicant } from '../../src/actions/my-application/erase-applicant.ts'
import { exportPersonalData } from '../../src/actions/admin/data/export-personal-data.ts'
import { expireInterestRegistrations } from '../../src/actions/interest/expire-interest.ts'
import { INTEREST_ROLE_OPENED_TASK, sendRoleOpenedEmails } from '../../src/actions/interest/notify-interest.ts'
import { LIMITS } from '../../src/domain/limits.ts'
import { APPLICANT, SYSTEM } from '../../src/services/audit.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { asSent, type StoredEmail } from '../helpers/emails.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { confirmedInterest, confirmToken, registerInterestAs, unsubscribeToken } from '../helpers/interest.ts'
import { signIn } from '../helpers/staff.ts'

const t = useTestApp({ staff: { manager: { name: 'Cara Manager', roles: ['community-manager'] } } })
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['staff_users'] })
  await query(`DELETE FROM graphile_worker._private_jobs`)
  await query(`UPDATE roles SET status = 'open', closes_on = NULL`)
})

interface Registration {
  email: string
  status: string
  any_role: boolean
  roles: string[]
}

async function registrations(): Promise<Registration[]> {
  return query<Registration>(
    `SELECT r.email, r.status, r.any_role,
            array(SELECT ro.slug FROM interest_registration_roles rr JOIN roles ro ON ro.id = rr.role_id WHERE rr.registration_id = r.id ORDER BY ro.slug) AS roles
     FROM interest_registrations r ORDER BY r.email, r.created_at`,
  )
}

type EmailRow = StoredEmail & { recipient: string; template: string; headers: Record<string, string>; key: string }

async function emails(template?: string): Promise<EmailRow[]> {
  return query<EmailRow>(
    `SELECT key, recipient, template, subject, html, text_body, link_tokens, headers FROM email_messages
     ${template ? 'WHERE template = $1' : ''} ORDER BY created_at, recipient`,
    template ? [template] : [],
  )
}

async function roleId(slug: string): Promise<string> {
  return (await query<{ id: string }>(`SELECT id FROM roles WHERE slug = $1`, [slug]))[0]!.id
}

const summaryLinks = (page: Response) => [...page.text.matchAll(/<a href="(#[^"]+)"/g)].map((match) => match[1])
const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/name="_csrf" value="[^"]*"/g, '')

describe('registering interest', () => {
  it('asks one thing a page, shows each page again with its error and what was typed, then checks the answers', async () => {
    const agent = request.agent(t.app)
    const start = await agent.get('/interest').expect(200)
    assert.match(start.text, /<title>Get an email when a volunteer role opens/)
    assert.match(start.text, /href="\/interest\/email"/)
    assert.equal(start.headers['cache-control'], 'no-store')

    const email = await agent.get('/interest/email').expect(200)
    assert.match(email.text, /<title>What is your email address\?/)
    const badEmail = await agent.post('/interest/email').type('form').send({ _csrf: csrfTokenFrom(email), email: 'ada at example' }).expect(400)
    assert.match(badEmail.text, /<title>Error: What is your email address\?/)
    assert.deepEqual(summaryLinks(badEmail), ['#email'])
    assert.match(badEmail.text, /Enter an email address in the correct format/)
    assert.match(badEmail.text, /value="ada at example"/)
    const empty = await submitForm(agent, '/interest/email', { email: '  ' })
    assert.equal(empty.status, 400)
    assert.match(empty.text, /Enter your email address/)
    assert.equal((await submitForm(agent, '/interest/email', { email: ' Ada@Example.org ' })).headers.location, '/interest/roles')

    const roles = await agent.get('/interest/roles').expect(200)
    // Every public role, open or not, and any role.
    for (const slug of ['community-manager', 'content-manager', 'events-manager', 'web-developer', 'any']) assert.match(roles.text, new RegExp(`value="${slug}"`))
    assert.match(roles.text, /Open now: you can apply straight away/)
    const noRoles = await submitForm(agent, '/interest/roles', {})
    assert.equal(noRoles.status, 400)
    assert.match(noRoles.text, /<title>Error: Which roles would you like to hear about\?/)
    assert.deepEqual(summaryLinks(noRoles), ['#roles'])
    const unknown = await submitForm(agent, '/interest/roles', { roles: ['no-such-role'] })
    assert.equal(unknown.status, 400, 'a role that is not on offer is no choice')
    assert.equal((await submitForm(agent, '/interest/roles', { roles: ['web-developer', 'events-manager'] })).headers.location, '/interest/consent')

    const noConsent = await submitForm(agent, '/interest/consent', {})
    assert.equal(noConsent.status, 400)
    assert.match(noConsent.text, /<title>Error: How we use your email address/)
    assert.match(noConsent.text, /We keep your details for 6 months after you confirm your address/)
    assert.deepEqual(summaryLinks(noConsent), ['#consent'])
    assert.equal((await submitForm(agent, '/interest/consent', { consent: 'yes' })).headers.location, '/interest/check')

    const check = await agent.get('/interest/check').expect(200)
    assert.match(check.text, /ada@example\.org/)
    assert.match(check.text, /Events manager[\s\S]*Web developer/)
    for (const step of ['email', 'roles', 'consent']) assert.match(check.text, new RegExp(`href="/interest/${step}\\?change=1"`))
    // Changing an answer comes back to Check your answers.
    assert.equal((await submitForm(agent, '/interest/roles?change=1', { roles: ['web-developer'] })).headers.location, '/interest/check')
    assert.doesNotMatch((await agent.get('/interest/check')).text, /Events manager/)
    assert.deepEqual(await registrations(), [], 'nothing is stored before it is sent')
  })

  it('sends a confirmation email, and stores a registration that waits for it; pressing the button twice sends one', async () => {
    const agent = request.agent(t.app)
    const sent = await registerInterestAs(agent, { email: 'Ada@Example.org', roles: ['web-developer'] })
    assert.equal(sent.status, 303)
    assert.equal(sent.headers.location, '/interest/check-email')
    const page = await agent.get('/interest/check-email').expect(200)
    assert.match(page.text, /<title>Check your email/)
    assert.match(page.text, /ada@example\.org/)
    // A replay of the last POST: the same page, nothing more.
    assert.equal((await submitForm(agent, '/interest/check', {}, { from: '/interest/email' })).headers.location, '/interest/check-email')

    assert.deepEqual(await registrations(), [{ email: 'ada@example.org', status: 'pending', any_role: false, roles: ['web-developer'] }])
    const [email] = await emails()
    assert.equal(email!.template, 'interest-confirm')
    assert.equal(email!.recipient, 'ada@example.org')
    assert.match(email!.text_body, /Web developer/)
    // The links are stored redacted, headers included, and sent with their tokens.
    assert.match(email!.text_body, /\/interest\/confirm\/\[one-time-link-\d\]/)
    assert.match(email!.headers['List-Unsubscribe']!, /^<http:\/\/localhost:3000\/interest\/unsubscribe\/\[one-time-link-\d\]>$/)
    assert.equal(email!.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click')
    const token = await confirmToken(t, 'ada@example.org')
    const stored = await query<{ row: string }>(`SELECT r::text AS row FROM interest_registrations r`)
    assert.ok(!stored[0]!.row.includes(token), 'only a hash of the confirmation token is kept')
    assert.equal((await emails()).length, 1)
  })

  it('ticks the role a role page came from', async () => {
    const agent = request.agent(t.app)
    const start = await agent.get('/interest?role=events-manager').expect(200)
    assert.match(start.text, /Get an email when a volunteer role opens/)
    const roles = await agent.get('/interest/roles').expect(200)
    assert.match(roles.text, /value="events-manager" checked/)
    assert.doesNotMatch(roles.text, /value="web-developer" checked/)
  })

  it('confirms from the emailed link: a GET changes nothing, the POST confirms once', async () => {
    await registerInterestAs(request.agent(t.app), { email: 'ada@example.org', roles: ['web-developer', 'events-manager'] })
    const token = await confirmToken(t, 'ada@example.org')
    const agent = request.agent(t.app)
    const page = await agent.get(`/interest/confirm/${token}`).expect(200)
    assert.match(page.text, /<title>Confirm your email address/)
    assert.equal((await registrations())[0]!.status, 'pending', 'a mail scanner following the link confirms nothing')

    const confirmed = await agent.post(`/interest/confirm/${token}`).type('form').send({ _csrf: csrfTokenFrom(page) }).expect(303)
    assert.equal(confirmed.headers.location, '/interest/confirmed')
    const done = await agent.get('/interest/confirmed').expect(200)
    assert.match(done.text, /Your email address is confirmed/)
    assert.match(done.text, /Events manager[\s\S]*Web developer/)
    // Both are open now: the page offers them at once.
    assert.match(done.text, /These roles are open now[\s\S]*href="\/roles\/events-manager"/)
    assert.deepEqual((await registrations()).map((row) => row.status), ['confirmed'])

    await agent.get(`/interest/confirm/${token}`).expect(410)
    const again = await request.agent(t.app).get(`/interest/confirm/${token}`)
    assert.match(again.text, /This link has expired or has already been used/)
    assert.equal((await submitForm(request.agent(t.app), '/interest/email', {})).status, 400)
    await request(t.app).get('/interest/confirm/not-a-token').expect(400)
    const audit = await query<{ action: string; note: string | null }>(`SELECT action, note FROM audit_events WHERE subject_type = 'interest_registration' ORDER BY id`)
    assert.deepEqual(audit.map((row) => row.action), ['interest.registered', 'interest.confirmed'])
  })

  it('refuses a confirmation link older than a day', async () => {
    await registerInterestAs(request.agent(t.app), { email: 'ada@example.org', roles: ['any'] })
    const token = await confirmToken(t, 'ada@example.org')
    await query(`UPDATE interest_registrations SET created_at = now() - interval '25 hours'`)
    await request(t.app).get(`/interest/confirm/${token}`).expect(410)
    const agent = request.agent(t.app)
    assert.equal((await submitForm(agent, `/interest/confirm/${token}`, {}, { from: '/interest/email' })).status, 410)
    assert.equal((await registrations())[0]!.status, 'pending')
  })

  it('answers an address that is already registered exactly as a new one, and its email says what it gets now', async () => {
    await confirmedInterest(t, { email: 'ada@example.org', roles: ['content-manager'] })
    await query(`DELETE FROM email_messages`)
    const known = request.agent(t.app)
    const unknown = request.agent(t.app)
    const knownPost = await registerInterestAs(known, { email: 'ada@example.org', roles: ['web-developer'] })
    const unknownPost = await registerInterestAs(unknown, { email: 'bob@example.org', roles: ['web-developer'] })
    const PER_REQUEST = ['date', 'set-cookie', 'x-request-id', 'content-security-policy']
    const stable = (response: Response) => Object.fromEntries(Object.entries(response.headers).filter(([name]) => !PER_REQUEST.includes(name)))
    assert.equal(knownPost.status, unknownPost.status)
    assert.deepEqual(stable(knownPost), stable(unknownPost))
    assert.equal(knownPost.text, unknownPost.text)
    const [knownPage, unknownPage] = [await known.get('/interest/check-email'), await unknown.get('/interest/check-email')]
    assert.equal(withoutNonces(knownPage.text).replace('ada@example.org', 'bob@example.org'), withoutNonces(unknownPage.text))

    const sent = await emails()
    assert.deepEqual(sent.map((row) => [row.recipient, row.template]), [
      ['ada@example.org', 'interest-already-registered'],
      ['bob@example.org', 'interest-confirm'],
    ])
    assert.match(sent[0]!.text_body, /we email it when one of these roles opens:\s+- Content manager[\s\S]*The new request was for these roles:\s+- Web developer/)
    assert.equal((await registrations()).filter((row) => row.email === 'ada@example.org' && row.status === 'confirmed')[0]!.roles[0], 'content-manager', 'nothing changes until confirmed')

    // Its link switches the registration to the new choice: still one for the address.
    const token = await confirmToken(t, 'ada@example.org', 'interest-already-registered')
    assert.equal((await submitForm(request.agent(t.app), `/interest/confirm/${token}`)).headers.location, '/interest/confirmed')
    const ada = (await registrations()).filter((row) => row.email === 'ada@example.org')
    assert.deepEqual(ada, [{ email: 'ada@example.org', status: 'confirmed', any_role: false, roles: ['web-developer'] }])
  })
})

describe('when a role opens', () => {
  async function openAsManager(slug: string): Promise<void> {
    const agent = request.agent(t.app)
    assert.equal((await signIn(agent, t.staff.manager)).status, 303)
    const id = await roleId(slug)
    const page = await agent.get(`/admin/roles/${id}/open`).expect(200)
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!
    const opened = await agent.post(`/admin/roles/${id}/open`).type('form').send({ _csrf: csrfTokenFrom(page), version })
    assert.equal(opened.status, 303, `${slug} opened`)
  }

  async function queuedOpenings(): Promise<{ roleId: string; roleVersion: number }[]> {
    const jobs = await query<{ payload: { roleId: string; roleVersion: number } }>(
      `SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks task ON task.id = j.task_id
       WHERE task.identifier = $1 ORDER BY j.id`,
      [INTEREST_ROLE_OPENED_TASK],
    )
    return jobs.map((job) => job.payload)
  }

  it('emails each confirmed registration that asked for it, or for any role, once, with a link to it and a one-click unsubscribe', async () => {
    await query(`UPDATE roles SET status = 'closed'`)
    await confirmedInterest(t, { email: 'ada@example.org', roles: ['web-developer'] })
    await confirmedInterest(t, { email: 'bob@example.org', roles: ['any'] })
    await confirmedInterest(t, { email: 'cara@example.org', roles: ['events-manager'] })
    await registerInterestAs(request.agent(t.app), { email: 'dan@example.org', roles: ['web-developer'] })
    await query(`DELETE FROM email_messages`)

    await openAsManager('web-developer')
    const openings = await queuedOpenings()
    assert.equal(openings.length, 1, 'opening the role queued the job in its transaction')
    assert.equal(openings[0]!.roleId, await roleId('web-developer'))
    assert.equal(await t.services.act(sendRoleOpenedEmails, openings[0]!, SYSTEM), 2)

    const sent = await emails('interest-role-opened')
    assert.deepEqual(sent.map((row) => row.recipient), ['ada@example.org', 'bob@example.org'], 'not the other role, not an unconfirmed address')
    const text = asSent(sent[0]!).text_body
    assert.match(sent[0]!.subject, /The Web developer role is open/)
    assert.match(text, /http:\/\/localhost:3000\/roles\/web-developer/)
    assert.match(text, /We will keep your registration until \d+ \w+ \d{4}/)
    assert.match(text, /\/interest\/unsubscribe\/[A-Za-z0-9_-]{43}/)
    assert.match(sent[0]!.headers['List-Unsubscribe']!, /^<http:\/\/localhost:3000\/interest\/unsubscribe\/\[one-time-link-\d\]>$/)
    assert.equal(sent[0]!.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click')

    // The job running again sends nothing more.
    assert.equal(await t.services.act(sendRoleOpenedEmails, openings[0]!, SYSTEM), 0)
    assert.equal((await emails('interest-role-opened')).length, 2)
  })

  it('emails again when the role reopens, but not for a reopening within a week, nor when it closed again before the job ran', async () => {
    await query(`UPDATE roles SET status = 'closed'`)
    await confirmedInterest(t, { email: 'ada@example.org', roles: ['web-developer'] })
    await openAsManager('web-developer')
    const [first] = await queuedOpenings()
    assert.equal(await t.services.act(sendRoleOpenedEmails, first!, SYSTEM), 1)

    // Closed by mistake and opened again at once: a new opening, and nobody is mailed twice.
    await query(`UPDATE roles SET status = 'closed' WHERE slug = 'web-developer'`)
    await openAsManager('web-developer')
    const second = (await queuedOpenings()).at(-1)!
    assert.notEqual(second.roleVersion, first!.roleVersion)
    assert.equal(await t.services.act(sendRoleOpenedEmails, second, SYSTEM), 0)

    // Reopened months later: emailed again.
    await query(`UPDATE interest_notifications SET notified_at = now() - interval '8 days'`)
    await query(`UPDATE roles SET status = 'closed' WHERE slug = 'web-developer'`)
    await openAsManager('web-developer')
    const third = (await queuedOpenings()).at(-1)!
    assert.equal(await t.services.act(sendRoleOpenedEmails, third, SYSTEM), 1)
    assert.equal((await emails('interest-role-opened')).length, 2)

    // A job that runs after the role closed again emails nobody.
    await query(`UPDATE interest_notifications SET notified_at = now() - interval '8 days'`)
    await query(`UPDATE roles SET status = 'closed' WHERE slug = 'web-developer'`)
    assert.equal(await t.services.act(sendRoleOpenedEmails, { ...third, roleVersion: third.roleVersion + 1 }, SYSTEM), 0)
  })

  it('shows community managers how many are waiting for each role, counts only', async () => {
    await confirmedInterest(t, { email: 'ada@example.org', roles: ['web-developer'] })
    await confirmedInterest(t, { email: 'bob@example.org', roles: ['web-developer', 'events-manager'] })
    await confirmedInterest(t, { email: 'cara@example.org', roles: ['any'] })
    await registerInterestAs(request.agent(t.app), { email: 'dan@example.org', roles: ['web-developer'] })
    const agent = request.agent(t.app)
    await signIn(agent, t.staff.manager)
    const page = await agent.get('/admin/roles').expect(200)
    assert.match(page.text, /Waiting to hear/)
    const waiting = (title: string) => {
      const row = new RegExp(`>${title}</a>[\\s\\S]*?</tr>`).exec(page.text)?.[0] ?? ''
      return /Waiting to hear <\/span>(\d+)/.exec(row)?.[1]
    }
    assert.equal(waiting('Web developer'), '3', 'two who chose it and one who chose any role; not the unconfirmed one')
    assert.equal(waiting('Events manager'), '2')
    assert.equal(waiting('Community manager'), '1')
    for (const address of ['ada@example.org', 'bob@example.org', 'cara@example.org', 'dan@example.org']) assert.ok(!page.text.includes(address))
  })
})

describe('unsubscribing', () => {
  it('one click from a mail program, with no session and no CSRF token, deletes the registration and what was emailed to it', async () => {
    await confirmedInterest(t, { email: 'ada@example.org', roles: ['web-developer'] })
    await confirmedInterest(t, { email: 'bob@example.org', roles: ['web-developer'] })
    const token = await unsubscribeToken(t, 'ada@example.org', 'interest-confirm')
    // The link in the email shows a button; following it changes nothing.
    const page = await request(t.app).get(`/interest/unsubscribe/${token}`).expect(200)
    assert.match(page.text, /<title>Unsubscribe from emails about volunteer roles\?/)
    assert.equal((await registrations()).length, 2)

    // RFC 8058: a POST of List-Unsubscribe=One-Click, answered without a redirect.
    const oneClick = await request(t.app).post(`/interest/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click')
    assert.equal(oneClick.status, 200)
    assert.match(oneClick.text, /You have unsubscribed/)
    assert.equal(oneClick.headers['set-cookie'], undefined, 'no session was made for it')
    assert.deepEqual((await registrations()).map((row) => row.email), ['bob@example.org'])
    const adas = await query<{ recipient: string; subject: string }>(`SELECT recipient, subject FROM email_messages WHERE key LIKE 'interest-%' AND recipient <> 'bob@example.org'`)
    assert.ok(adas.every((row) => row.recipient === '[deleted]' && row.subject === '[deleted]'), 'her emails are erased')
    assert.equal((await query(`SELECT 1 FROM email_messages WHERE recipient = 'ada@example.org'`)).length, 0)
    const audit = await query<{ action: string; note: string }>(`SELECT action, note FROM audit_events WHERE action = 'interest.unsubscribed'`)
    assert.deepEqual(audit, [{ action: 'interest.unsubscribed', note: "deleted at the person's request" }])

    // Twice is no error; the page then says there is nothing to unsubscribe from.
    assert.equal((await request(t.app).post(`/interest/unsubscribe/${token}`).send('List-Unsubscribe=One-Click')).status, 200)
    await request(t.app).get(`/interest/unsubscribe/${token}`).expect(410)
  })

  it('from the page, with its button: post, redirect, get', async () => {
    await confirmedInterest(t, { email: 'ada@example.org', roles: ['any'] })
    const token = await unsubscribeToken(t, 'ada@example.org', 'interest-confirm')
    const agent = request.agent(t.app)
    const unsubscribed = await submitForm(agent, `/interest/unsubscribe/${token}`)
    assert.equal(unsubscribed.status, 303)
    assert.equal(unsubscribed.headers.location, '/interest/unsubscribed')
    assert.match((await agent.get('/interest/unsubscribed').expect(200)).text, /We will not email you about volunteer roles again/)
    assert.deepEqual(await registrations(), [])
  })

  it('exempts only the unsubscribe path from CSRF, and only with a well-formed token', async () => {
    await request(t.app).post('/interest/email').type('form').send({ email: 'ada@example.org' }).expect(403)
    await request(t.app).post('/interest/check').type('form').send({}).expect(403)
    await request(t.app).post(`/interest/confirm/${'a'.repeat(43)}`).type('form').send({}).expect(403)
    await request(t.app).post('/interest/unsubscribe/short').type('form').send({}).expect(403)
    await request(t.app).post(`/interest/unsubscribe/${'a'.repeat(43)}/x`).type('form').send({}).expect(403)
    // A well-formed token nobody was sent: the same answer as a real one, and nothing changes.
    const unknown = await request(t.app).post(`/interest/unsubscribe/${'a'.repeat(43)}`).type('form').send('List-Unsubscribe=One-Click')
    assert.equal(unknown.status, 200)
  })
})

describe('retention and erasure', () => {
  it('deletes registrations nobody confirmed within a day, and confirmed ones after the retention period', async () => {
    await confirmedInterest(t, { email: 'old@example.org', roles: ['web-developer'] })
    await confirmedInterest(t, { email: 'recent@example.org', roles: ['web-developer'] })
    await registerInterestAs(request.agent(t.app), { email: 'unconfirmed@example.org', roles: ['any'] })
    await registerInterestAs(request.agent(t.app), { email: 'new@example.org', roles: ['any'] })
    await query(`UPDATE interest_registrations SET confirmed_at = now() - interval '6 months 1 day' WHERE email = 'old@example.org'`)
    await query(`UPDATE interest_registrations SET confirmed_at = now() - interval '5 months' WHERE email = 'recent@example.org'`)
    await query(`UPDATE interest_registrations SET created_at = now() - interval '25 hours' WHERE email = 'unconfirmed@example.org'`)

    assert.deepEqual(await t.services.act(expireInterestRegistrations, {}, SYSTEM), { unconfirmed: 1, expired: 1 })
    assert.deepEqual((await registrations()).map((row) => row.email), ['new@example.org', 'recent@example.org'])
    const left = await query<{ recipient: string }>(`SELECT DISTINCT recipient FROM email_messages WHERE recipient <> '[deleted]' ORDER BY recipient`)
    assert.deepEqual(left.map((row) => row.recipient), ['new@example.org', 'recent@example.org'], 'emails to the deleted ones are erased')
    assert.equal((await query(`SELECT 1 FROM email_messages WHERE recipient IN ('old@example.org', 'unconfirmed@example.org')`)).length, 0)
    const audit = await query<{ note: string }>(`SELECT note FROM audit_events WHERE action = 'interest.expired' ORDER BY note`)
    assert.deepEqual(audit.map((row) => row.note), ['never confirmed', 'retention period ended'])
    assert.deepEqual(await t.services.act(expireInterestRegistrations, {}, SYSTEM), { unconfirmed: 0, expired: 0 })
  })

  it('is in the subject access export, and erased with the rest when the person asks', async () => {
    await confirmedInterest(t, { email: 'ada@example.org', roles: ['web-developer', 'events-manager'] })
    const exported = await t.services.act(exportPersonalData, { email: 'Ada@example.org' }, SYSTEM)
    assert.equal(exported.summary.interestRegistrations, 1)
    assert.deepEqual(exported.interestRegistrations[0]!.roles, ['Events manager', 'Web developer'])
    assert.equal(exported.interestRegistrations[0]!.status, 'confirmed')

    await t.services.act(eraseApplicant, { email: 'ada@example.org', sessionId: 'none' }, APPLICANT)
    assert.deepEqual(await registrations(), [])
    assert.equal((await query(`SELECT 1 FROM interest_unsubscribe_links`)).length, 0)
    assert.equal((await query(`SELECT 1 FROM email_messages WHERE recipient = 'ada@example.org'`)).length, 0)
  })
})

describe('limits', () => {
  it('sends at most a few confirmation emails a day to one address: after that the page is the same and nothing is sent', async () => {
    const limit = LIMITS.interestRegistrationsPerAddress.limit
    const responses: Response[] = []
    for (let i = 0; i <= limit; i++) responses.push(await registerInterestAs(request.agent(t.app), { email: 'ada@example.org', roles: ['any'] }))
    assert.ok(responses.every((response) => response.status === 303 && response.headers.location === '/interest/check-email'))
    assert.equal((await emails()).length, limit)
    assert.equal((await registrations()).length, limit)
  })

  it('stops a script sending for many addresses from one network, with a page saying how long to wait', async () => {
    await registerInterestAs(request.agent(t.app), { email: 'ada@example.org', roles: ['any'] })
    await query(`UPDATE rate_limit_hits SET hits = $1 WHERE key LIKE 'interestregistrationsperip:%'`, [LIMITS.interestRegistrationsPerIp.limit])
    const refused = await registerInterestAs(request.agent(t.app), { email: 'bob@example.org', roles: ['any'] })
    assert.equal(refused.status, 429)
    assert.ok(Number(refused.headers['retry-after']) > 0)
    assert.match(refused.text, /You cannot register interest again yet/)
    assert.deepEqual((await registrations()).map((row) => row.email), ['ada@example.org'])
  })
})

describe('where people find it', () => {
  it('the start page and /roles link to it when no role is open, a closed role page and the matching results always', async () => {
    await query(`UPDATE roles SET status = 'closed'`)
    for (const path of ['/', '/roles']) assert.match((await request(t.app).get(path).expect(200)).text, /href="\/interest">Get an email when a role opens/, path)
    assert.match((await request(t.app).get('/roles/web-developer').expect(200)).text, /href="\/interest\?role=web-developer">Get an email when this role opens again/)
    await query(`UPDATE roles SET status = 'open'`)
    assert.doesNotMatch((await request(t.app).get('/roles').expect(200)).text, /Get an email when a role opens/)
    const agent = request.agent(t.app)
    const match = await submitForm(agent, '/match', { hours: 'yes', nhsEmployed: 'no', careerStage: 'student', skills: ['none-yet'] })
    assert.equal(match.status, 303)
    assert.match((await agent.get(match.headers.location as string).expect(200)).text, /Nothing that suits you yet\? <a href="\/interest">/)
  })
})
