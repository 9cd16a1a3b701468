// The warning before a signed-in staff session ends for inactivity: every staff page carries the
// dialog and its script (and no other page does), "Stay signed in" renews the session with a
// CSRF-protected POST, and the page after a sign-out for inactivity says why. The dialog itself
// is driven in Chromium (tests/browser/session-timeout.test.ts).
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request, { type Agent } from 'supertest'
import { ASSET_VERSION } from '../../src/middleware/setUpStaticAssets.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { testConfig, useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { signInApplicant, submitApplication } from '../helpers/review.ts'
import { signIn } from '../helpers/staff.ts'

const t = useTestApp({ staff: { member: { name: 'Bea Board', roles: ['board-member'] } } })

async function agentFor(user: StaffUser): Promise<Agent> {
  const agent = request.agent(t.app)
  assert.equal((await signIn(agent, user)).status, 303)
  return agent
}

/** When the store ends this person's session, unless a request renews it. */
async function sessionExpiry(user: StaffUser): Promise<Date> {
  const rows: { expire: Date }[] = await t.database.dataSource.query(`SELECT "expire" FROM "sessions" WHERE "sess" -> 'passport' ->> 'user' = $1`, [user.id])
  assert.equal(rows.length, 1, 'one session for the person')
  return rows[0]!.expire
}

const DIALOG = /<dialog class="app-timeout-dialog" id="session-timeout" aria-labelledby="session-timeout-heading" aria-describedby="session-timeout-message"\s+data-idle-seconds="(\d+)" data-warning-seconds="(\d+)" data-signed-out-url="\/signed-out\?reason=inactive">/

describe('the warning before a staff session ends', () => {
  it('is on every signed-in staff page, with the idle time and the warning from the configuration', async () => {
    const agent = await agentFor(t.staff.member)
    for (const path of ['/staff', '/review', '/account', '/roles', '/admin/users']) {
      const page = await agent.get(path)
      const [, idle, warning] = DIALOG.exec(page.text) ?? []
      assert.equal(idle, '1800', `${path}: 30 minutes idle`)
      assert.equal(warning, '120', `${path}: a warning 2 minutes before`)
      assert.match(page.text, /For your security, we will sign you out in <strong data-countdown>2 minutes<\/strong>\./)
      assert.match(page.text, new RegExp(`<script type="module" src="/static/${ASSET_VERSION.replace(/\./g, '\\.')}/session-timeout\\.js" nonce="[^"]+"></script>`))
      // Both of its buttons are forms with the session's CSRF token.
      assert.match(page.text, /<form method="post" action="\/staff\/stay-signed-in" data-stay novalidate>\s*<input type="hidden" name="_csrf" value="[^"]+">/)
      assert.match(page.text, /<form method="post" action="\/sign-out" data-sign-out novalidate>\s*<input type="hidden" name="_csrf" value="[^"]+">/)
    }
  })

  it('is not on the pages of visitors and applicants', async () => {
    for (const path of ['/', '/roles', '/sign-in', '/apply/roles']) {
      const page = await request(t.app).get(path)
      assert.doesNotMatch(page.text, /session-timeout/, path)
    }
    const applicant = request.agent(t.app)
    const application = await submitApplication(t, { fullName: 'Alice Applicant', email: 'alice@example.org' })
    await signInApplicant(t, applicant, application.email)
    assert.doesNotMatch((await applicant.get('/my-application').expect(200)).text, /session-timeout/)
  })

  it('has its script served from the app, which the CSP allows', async () => {
    const script = await request(t.app).get(`/static/${ASSET_VERSION}/session-timeout.js`).expect(200)
    assert.match(script.headers['content-type'] ?? '', /javascript/)
    assert.match(script.text, /showModal/)
    const page = await (await agentFor(t.staff.member)).get('/staff')
    assert.match(page.headers['content-security-policy'] ?? '', /script-src 'self' 'nonce-/)
  })
})

describe('"Stay signed in"', () => {
  // One session of the person's at a time, so that the sessions table can be read for it.
  beforeEach(() => t.database.dataSource.query(`DELETE FROM "sessions"`))

  it('renews the session and answers 204', async () => {
    const agent = await agentFor(t.staff.member)
    const home = await agent.get('/staff').expect(200)
    // As if the person had been away for most of the idle time.
    await t.database.dataSource.query(`UPDATE "sessions" SET "expire" = now() + interval '1 minute' WHERE "sess" -> 'passport' ->> 'user' = $1`, [t.staff.member.id])
    const before = await sessionExpiry(t.staff.member)
    const kept = await agent.post('/staff/stay-signed-in').type('form').send({ _csrf: csrfTokenFrom(home) })
    assert.equal(kept.status, 204)
    assert.equal(kept.text, '')
    const after = await sessionExpiry(t.staff.member)
    assert.ok(after.getTime() - before.getTime() > 25 * 60 * 1000, `renewed for the idle time: ${before.toISOString()} -> ${after.toISOString()}`)
    await agent.get('/staff').expect(200)
  })

  it('needs a CSRF token and a signed-in staff member', async () => {
    const agent = await agentFor(t.staff.member)
    const refused = await agent.post('/staff/stay-signed-in').type('form').send({})
    assert.equal(refused.status, 403)
    assert.match(refused.text, /This form has expired/)
    const visitor = request.agent(t.app)
    const signInPage = await visitor.get('/sign-in')
    await visitor.post('/staff/stay-signed-in').type('form').send({ _csrf: csrfTokenFrom(signInPage) }).expect(303).expect('Location', '/sign-in')
  })

  it('cannot bring back a session that has already ended', async () => {
    const agent = await agentFor(t.staff.member)
    const home = await agent.get('/staff').expect(200)
    await t.database.dataSource.query(`UPDATE "sessions" SET "expire" = now() - interval '1 second' WHERE "sess" -> 'passport' ->> 'user' = $1`, [t.staff.member.id])
    const late = await agent.post('/staff/stay-signed-in').type('form').send({ _csrf: csrfTokenFrom(home) })
    assert.notEqual(late.status, 204)
    await agent.get('/staff').expect(303).expect('Location', '/sign-in')
  })
})

describe('renewing on each page', () => {
  beforeEach(() => t.database.dataSource.query(`DELETE FROM "sessions"`))

  it('writes the new expiry at most once a minute, a minute past the idle time, so it never ends early', async () => {
    const agent = await agentFor(t.staff.member)
    // The first page stores the session's CSRF token (a change, written as always); the next writes the expiry.
    await agent.get('/staff').expect(200)
    await agent.get('/staff').expect(200)
    const written = await sessionExpiry(t.staff.member)
    const idleMs = 30 * 60 * 1000
    assert.ok(written.getTime() >= Date.now() + idleMs, `at least the idle time from now: ${written.toISOString()}`)
    assert.ok(written.getTime() <= Date.now() + idleMs + 61_000, `at most a minute more: ${written.toISOString()}`)
    // The next pages within the minute leave the row alone: no write, and no earlier end.
    await t.database.dataSource.query(`UPDATE "sessions" SET "expire" = $2 WHERE "sess" -> 'passport' ->> 'user' = $1`, [t.staff.member.id, new Date(written.getTime() + 5_000)])
    await agent.get('/staff').expect(200)
    await agent.get('/staff').expect(200)
    assert.equal((await sessionExpiry(t.staff.member)).getTime(), written.getTime() + 5_000, 'not written again within the minute')
  })
})

describe('the page after a sign-out for inactivity', () => {
  it('says the person was signed out for their security, and for how long they had been away', async () => {
    const page = await request(t.app).get('/signed-out?reason=inactive').expect(200)
    assert.match(page.text, /<title>You have been signed out - /)
    assert.match(page.text, /For your security, we signed you out because you had not used the service for 30 minutes\./)
    assert.match(page.text, /<a href="\/sign-in">Sign in again<\/a>/)
    const plain = await request(t.app).get('/signed-out').expect(200)
    assert.match(plain.text, /<h1>You have signed out<\/h1>/)
    assert.doesNotMatch(plain.text, /For your security/)
  })
})

describe('a shorter idle time', () => {
  const short = useTestApp({
    config: { session: { ...testConfig().session, idleMinutes: 0.5, timeoutWarningSeconds: 120 } },
    staff: { member: { name: 'Sam Short', roles: ['admin'] } },
  })

  it('warns for no longer than the whole idle time', async () => {
    const agent = request.agent(short.app)
    assert.equal((await signIn(agent, short.staff.member)).status, 303)
    const [, idle, warning] = DIALOG.exec((await agent.get('/staff').expect(200)).text) ?? []
    assert.deepEqual([idle, warning], ['30', '30'])
  })
})
