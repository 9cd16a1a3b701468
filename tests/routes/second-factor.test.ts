// A second factor for staff who sign in with a password: an authenticator app set up from
// /account (a QR code and the secret as text), its code after the password, ten recovery codes,
// an admin's reset, the policy "staff must use SSO or a second factor", and the limits on codes.
// Codes are made from the secret with otplib, as the person's app makes them; no test waits for
// the clock. The whole log of the file is searched for the secrets at the end.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request, { type Agent } from 'supertest'
import { seed } from '../../seeds/seed.ts'
import { AuditEvent, EmailMessage, StaffRecoveryCode, type StaffUser } from '../../src/entities/index.ts'
import { createLogger } from '../../src/logger.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { codeAt, freshCode, giveAuthenticatorApp, setSecondFactorPolicy, signInWithCode, storedSecret } from '../helpers/second-factor.ts'
import { createStaff, signIn, STAFF_PASSWORD } from '../helpers/staff.ts'

// Everything the app logs in this file, and every secret and code it saw, for the last test.
const logLines: string[] = []
const secretsSeen = new Set<string>()
const t = useTestApp({ logger: createLogger('trace', { destination: { write: (line: string) => void logLines.push(line) } }) })

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['application_drafts', 'application_roles', 'applications', 'equality_responses', 'executives', 'offer_links', 'onboarding_items', 'one_time_tokens'] })
  await setSecondFactorPolicy(t, false)
})

const WRONG_CODE = '000000'

/** The secret as the set-up page shows it for people who cannot scan (in groups of four). */
function secretOnPage(html: string): string {
  const match = /id="secret-key">([A-Z2-7 ]+)</.exec(html)
  assert.ok(match, 'the set-up page shows the secret as text')
  return match[1]!.replace(/ /g, '')
}

/** Sets up an app through /account/authenticator-app; returns its secret and the recovery codes shown. */
async function setUpThroughPages(agent: Agent): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await agent.get('/account/authenticator-app').expect(200)
  const secret = secretOnPage(page.text)
  secretsSeen.add(secret)
  const confirmed = await agent.post('/account/authenticator-app').type('form').send({ _csrf: csrfTokenFrom(page), code: await codeAt(secret, new Date()) })
  assert.equal(confirmed.status, 303)
  assert.equal(confirmed.headers.location, '/account/recovery-codes')
  const shown = await agent.get('/account/recovery-codes').expect(200)
  const recoveryCodes = [...shown.text.matchAll(/<code>([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})<\/code>/g)].map((match) => match[1]!)
  for (const code of recoveryCodes) secretsSeen.add(code)
  return { secret, recoveryCodes }
}

async function signedIn(user: StaffUser): Promise<Agent> {
  const agent = request.agent(t.app)
  assert.equal((await signIn(agent, user)).status, 303)
  return agent
}

describe('setting up an authenticator app', () => {
  it('shows a QR code and the secret, checks a code from the app, then shows ten recovery codes once', async () => {
    const user = await createStaff(t, ['board-member'])
    const agent = await signedIn(user)
    assert.match((await agent.get('/account').expect(200)).text, /Set up an authenticator app/)

    const page = await agent.get('/account/authenticator-app').expect(200)
    assert.match(page.text, /<svg class="app-qr-code" role="img" aria-labelledby="qr-code-title"/)
    assert.match(page.text, /<path fill="#000000" d="(M\d+ \d+h1v1h-1z)+"/)
    const secret = secretOnPage(page.text)
    secretsSeen.add(secret)
    // The same secret until it is confirmed: reloading the page does not change the QR code.
    assert.equal(secretOnPage((await agent.get('/account/authenticator-app')).text), secret)

    const wrong = await agent.post('/account/authenticator-app').type('form').send({ _csrf: csrfTokenFrom(page), code: WRONG_CODE })
    assert.equal(wrong.status, 400)
    assert.match(wrong.text, /<title>Error: Set up an authenticator app - /)
    assert.match(wrong.text, /href="#code">\s*Enter the code your authenticator app shows now for this service/)
    const empty = await agent.post('/account/authenticator-app').type('form').send({ _csrf: csrfTokenFrom(page), code: '' })
    assert.match(empty.text, /Enter the 6-digit code from your authenticator app/)

    const confirmed = await agent.post('/account/authenticator-app').type('form').send({ _csrf: csrfTokenFrom(page), code: await codeAt(secret, new Date()) })
    assert.equal(confirmed.headers.location, '/account/recovery-codes')
    const shown = await agent.get('/account/recovery-codes').expect(200)
    const codes = [...shown.text.matchAll(/<code>([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})<\/code>/g)].map((match) => match[1]!)
    for (const code of codes) secretsSeen.add(code)
    assert.equal(new Set(codes).size, 10)
    // Once: the next visit says how many are left, and shows none.
    const again = await agent.get('/account/recovery-codes').expect(200)
    assert.doesNotMatch(again.text, /<code>/)
    assert.match(again.text, /You have 10 of your 10 recovery codes left/)
    assert.match((await agent.get('/account').expect(200)).text, /You have 10 recovery codes left/)

    // At rest: the secret only encrypted, the recovery codes only hashed.
    const [stored]: { secret_ciphertext: string }[] = await t.database.dataSource.query(`SELECT "secret_ciphertext" FROM "staff_second_factors"`)
    assert.ok(!stored!.secret_ciphertext.includes(secret))
    assert.equal(await storedSecret(t, user), secret)
    const hashes = (await t.database.dataSource.getRepository(StaffRecoveryCode).findBy({ staffUserId: user.id })).map((row) => row.codeHash)
    assert.equal(hashes.length, 10)
    for (const code of codes) assert.ok(!hashes.some((hash) => hash.includes(code.replace(/-/g, ''))))
    // Nor in the session while it was being set up.
    const sessions: { sess: unknown }[] = await t.database.dataSource.query(`SELECT "sess" FROM "sessions"`)
    assert.ok(!JSON.stringify(sessions).includes(secret), 'the secret is not in clear in the sessions table')
    assert.ok(!codes.some((code) => JSON.stringify(sessions).includes(code)), 'nor are the recovery codes')

    // They are told by email, which holds neither the secret nor a code; and it is audited.
    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ template: 'staff-second-factor-set-up' })
    assert.equal(email.recipient, user.email)
    for (const part of [email.subject, email.html, email.textBody]) {
      assert.ok(!part.includes(secret) && !codes.some((code) => part.includes(code)))
    }
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'staff.second-factor-set-up', subjectId: user.id, actorId: user.id }), 1)
  })

  it('ends the person’s other sessions, and makes new recovery codes on request', async () => {
    const user = await createStaff(t, ['board-member'])
    const other = await signedIn(user)
    const agent = await signedIn(user)
    const { recoveryCodes } = await setUpThroughPages(agent)
    await other.get('/staff').expect(303).expect('Location', '/sign-in')
    await agent.get('/staff').expect(200)

    const renewed = await submitForm(agent, '/account/recovery-codes')
    assert.equal(renewed.headers.location, '/account/recovery-codes')
    const shown = await agent.get('/account/recovery-codes').expect(200)
    const fresh = [...shown.text.matchAll(/<code>([2-9A-Z-]{14})<\/code>/g)].map((match) => match[1]!)
    assert.equal(fresh.length, 10)
    assert.ok(!fresh.some((code) => recoveryCodes.includes(code)))
    for (const code of fresh) secretsSeen.add(code)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'staff.recovery-codes-replaced', subjectId: user.id }), 1)
  })
})

describe('signing in with an authenticator app', () => {
  it('asks for the code after the password, and signs in only with it', async () => {
    const user = await createStaff(t, ['board-member'])
    const { secret } = await giveAuthenticatorApp(t, user)
    secretsSeen.add(secret)
    const agent = request.agent(t.app)
    const password = await signIn(agent, user)
    assert.equal(password.status, 303)
    assert.equal(password.headers.location, '/sign-in/code')
    // The password alone signs nobody in.
    await agent.get('/staff').expect(303).expect('Location', '/sign-in')

    const page = await agent.get('/sign-in/code').expect(200)
    assert.match(page.text, /Enter the code from your authenticator app/)
    const wrong = await agent.post('/sign-in/code').type('form').send({ _csrf: csrfTokenFrom(page), code: WRONG_CODE })
    assert.equal(wrong.status, 400)
    assert.match(wrong.text, /<title>Error: Enter the code from your authenticator app - /)
    assert.match(wrong.text, /href="#code">\s*Enter the code your authenticator app shows now/)
    const notDigits = await agent.post('/sign-in/code').type('form').send({ _csrf: csrfTokenFrom(page), code: 'abc' })
    assert.match(notDigits.text, /The code must be 6 digits/)

    const code = await freshCode(t, user, secret)
    const right = await agent.post('/sign-in/code').type('form').send({ _csrf: csrfTokenFrom(page), code: code.replace(/(\d{3})/, '$1 ') })
    assert.equal(right.status, 303)
    assert.equal(right.headers.location, '/review')
    await agent.get('/review').expect(200)
  })

  it('takes each code once', async () => {
    const user = await createStaff(t, ['board-member'])
    const { secret } = await giveAuthenticatorApp(t, user)
    const code = await freshCode(t, user, secret)
    const first = request.agent(t.app)
    await signIn(first, user)
    assert.equal((await submitForm(first, '/sign-in/code', { code })).status, 303)

    const second = request.agent(t.app)
    await signIn(second, user)
    const replayed = await submitForm(second, '/sign-in/code', { code })
    assert.equal(replayed.status, 400)
    assert.match(replayed.text, /This code has already been used. Wait for your app to show a new code/)
    await second.get('/staff').expect(303)
  })

  it('allows one 30-second step of drift either way, and no more', async () => {
    const user = await createStaff(t, ['board-member'])
    const { secret } = await giveAuthenticatorApp(t, user)
    // A moment of our choosing, well after the step used when the app was set up.
    const now = new Date(Math.ceil(Date.now() / 30_000) * 30_000 + 10 * 60_000 + 15_000)
    const at = (seconds: number) => codeAt(secret, new Date(now.getTime() + seconds * 1000))
    const check = async (code: string) => t.services.secondFactor.checkSignInCode(user, code, 'drift-client', now)
    assert.equal((await check(await at(-60))).ok, false, 'two steps behind')
    assert.equal((await check(await at(60))).ok, false, 'two steps ahead')
    assert.equal((await check(await at(-30))).ok, true, 'one step behind')
    assert.equal((await check(await at(0))).ok, true, 'the current step')
    assert.equal((await check(await at(30))).ok, true, 'one step ahead')
    // Steps already passed are refused as used.
    assert.deepEqual(await check(await at(0)), { ok: false, reused: true })
  })

  it('takes a recovery code instead, once each, and says how many are left', async () => {
    const user = await createStaff(t, ['board-member'])
    const { recoveryCodes } = await giveAuthenticatorApp(t, user)
    for (const code of recoveryCodes) secretsSeen.add(code)
    const agent = request.agent(t.app)
    await signIn(agent, user)
    assert.match((await agent.get('/sign-in/code')).text, /href="\/sign-in\/recovery-code"/)
    const page = await agent.get('/sign-in/recovery-code').expect(200)
    const wrong = await agent.post('/sign-in/recovery-code').type('form').send({ _csrf: csrfTokenFrom(page), recoveryCode: 'ABCD-EFGH-JKMN' })
    assert.equal(wrong.status, 400)
    assert.match(wrong.text, /Enter a recovery code you have not used before/)
    // Typed in lower case with spaces: still the code.
    const used = await agent.post('/sign-in/recovery-code').type('form').send({ _csrf: csrfTokenFrom(page), recoveryCode: recoveryCodes[0]!.toLowerCase().replace(/-/g, ' ') })
    assert.equal(used.status, 303)
    assert.equal(used.headers.location, '/review')
    assert.match((await agent.get('/review').expect(200)).text, /You signed in with a recovery code. You have 9 left/)

    const again = request.agent(t.app)
    await signIn(again, user)
    const reused = await submitForm(again, '/sign-in/recovery-code', { recoveryCode: recoveryCodes[0]! })
    assert.equal(reused.status, 400)
    await again.get('/staff').expect(303)
  })

  it('forgets a password step that was not followed by a code within 10 minutes', async () => {
    const user = await createStaff(t, ['board-member'])
    const { secret } = await giveAuthenticatorApp(t, user)
    const agent = request.agent(t.app)
    await signIn(agent, user)
    await t.database.dataSource.query(
      `UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{pendingSecondFactor,startedAt}', to_jsonb((extract(epoch from now()) * 1000 - 11 * 60 * 1000)::bigint))::json`,
    )
    await agent.get('/sign-in/code').expect(303).expect('Location', '/sign-in')
    const late = await submitForm(agent, '/sign-in/code', { code: await freshCode(t, user, secret) }, { from: '/sign-in' })
    assert.equal(late.status, 303)
    assert.equal(late.headers.location, '/sign-in')
  })

  it('has no code step for someone who has not signed in with a password', async () => {
    const page = await request.agent(t.app).get('/sign-in/code')
    assert.equal(page.status, 303)
    assert.equal(page.headers.location, '/sign-in')
  })
})

describe('limits on codes', () => {
  it('slows a client after 5 wrong codes, as after 5 wrong passwords, and a right password does not reset that', async () => {
    const user = await createStaff(t, ['board-member'])
    const { secret } = await giveAuthenticatorApp(t, user)
    const agent = request.agent(t.app)
    await signIn(agent, user)
    for (let i = 0; i < 4; i += 1) assert.equal((await submitForm(agent, '/sign-in/code', { code: WRONG_CODE })).status, 400)
    // The password again: right, and still the failures stand.
    assert.equal((await signIn(agent, user)).headers.location, '/sign-in/code')
    assert.equal((await submitForm(agent, '/sign-in/code', { code: WRONG_CODE })).status, 400)
    const slowed = await submitForm(agent, '/sign-in/code', { code: await freshCode(t, user, secret) })
    assert.equal(slowed.status, 429)
    // 30 seconds from the last failure, a moment ago.
    const retryAfter = Number(slowed.headers['retry-after'])
    assert.ok(retryAfter > 0 && retryAfter <= 30, `Retry-After ${retryAfter}`)
    assert.match(slowed.text, /You have entered an incorrect code too many times. Wait \d+ seconds, then try again/)
    // The password step waits too: the same count, per account and client.
    assert.equal((await signIn(request.agent(t.app), user)).status, 429)
  })

  it('answers the password step for an account with an app as for an unknown address once slowed', async () => {
    const user = await createStaff(t, ['admin'])
    await giveAuthenticatorApp(t, user)
    const agent = request.agent(t.app)
    await signIn(agent, user)
    for (let i = 0; i < 5; i += 1) await submitForm(agent, '/sign-in/code', { code: WRONG_CODE })
    for (let i = 0; i < 5; i += 1) await signIn(request.agent(t.app), { email: 'nobody@example.org' }, 'wrong password here')
    const answer = async (email: string) => {
      const response = await signIn(request.agent(t.app), { email }, STAFF_PASSWORD)
      assert.match(response.headers['retry-after'] ?? '', /^\d+$/)
      // The seconds left differ by how long ago each last failed; the rest is the same.
      const body = response.text.split(email).join('EMAIL').replace(/nonce="[^"]+"/g, '').replace(/name="_csrf" value="[^"]+"/g, '').replace(/Wait \d+ seconds/g, 'Wait N seconds')
      return { status: response.status, body }
    }
    const known = await answer(user.email)
    assert.equal(known.status, 429)
    assert.deepEqual(known, await answer('nobody@example.org'))
  })

  it('stops the code step for an account after 10 wrong codes from anywhere within the hour', async () => {
    const user = await createStaff(t, ['board-member'])
    const { secret } = await giveAuthenticatorApp(t, user)
    const now = new Date()
    for (let i = 0; i < 10; i += 1) assert.equal((await t.services.secondFactor.checkSignInCode(user, WRONG_CODE, `client-${i}`, now)).ok, false)
    const refused = await t.services.secondFactor.checkSignInCode(user, await freshCode(t, user, secret), 'a-new-client', now)
    assert.equal(refused.ok, false)
    assert.equal(!refused.ok && refused.accountLimit, true)
    const agent = request.agent(t.app)
    await signIn(agent, user)
    const page = await submitForm(agent, '/sign-in/code', { code: await freshCode(t, user, secret) })
    assert.equal(page.status, 429)
    assert.match(page.text, /There have been too many incorrect codes for this account. Wait \d+ minutes, then try again/)
  })
})

describe('an admin resets an authenticator app', () => {
  it('removes the app and the codes, signs the person out, audits it and emails them', async () => {
    const admin = await createStaff(t, ['admin'], 'Ada Admin')
    const user = await createStaff(t, ['board-member'], 'Lee Lost')
    const { secret } = await giveAuthenticatorApp(t, user)
    const theirs = request.agent(t.app)
    assert.equal((await signInWithCode(t, theirs, user, secret)).status, 303)

    const agent = await signedIn(admin)
    assert.match((await agent.get(`/admin/users/${user.id}`).expect(200)).text, new RegExp(`href="/admin/users/${user.id}/second-factor"`))
    const confirm = await agent.get(`/admin/users/${user.id}/second-factor`).expect(200)
    assert.match(confirm.text, /Are you sure you want to reset Lee Lost’s authenticator app\?/)
    const reset = await agent.post(`/admin/users/${user.id}/second-factor`).type('form').send({ _csrf: csrfTokenFrom(confirm) })
    assert.equal(reset.status, 303)
    assert.equal(reset.headers.location, `/admin/users/${user.id}`)

    assert.equal(await t.services.secondFactor.status(user.id), null)
    assert.equal(await t.database.dataSource.getRepository(StaffRecoveryCode).countBy({ staffUserId: user.id }), 0)
    await theirs.get('/staff').expect(303).expect('Location', '/sign-in')
    const audit = await t.database.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'staff.second-factor-reset' })
    assert.equal(audit.subjectId, user.id)
    assert.equal(audit.actorId, admin.id)
    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ template: 'staff-second-factor-reset' })
    assert.equal(email.recipient, user.email)
    // With the policy off, the password alone signs them in again.
    assert.equal((await signIn(request.agent(t.app), user)).headers.location, '/review')
    // Nothing to reset now, and never an admin's own.
    await agent.get(`/admin/users/${user.id}/second-factor`).expect(404)
    const own = await giveAuthenticatorApp(t, admin)
    const again = request.agent(t.app)
    assert.equal((await signInWithCode(t, again, admin, own.secret)).status, 303)
    await again.get(`/admin/users/${admin.id}/second-factor`).expect(404)
  })
})

describe('"staff must use SSO or a second factor"', () => {
  it('takes someone with a password alone to set up an app before any application, then lets them in', async () => {
    await setSecondFactorPolicy(t, true)
    const user = await createStaff(t, ['board-member'])
    const other = await signedIn(user)
    const agent = request.agent(t.app)
    const password = await signIn(agent, user)
    assert.equal(password.status, 303)
    for (const path of ['/review', '/review/export.csv', '/staff', '/account', '/account/recovery-codes']) {
      const blocked = await agent.get(path)
      assert.equal(blocked.status, 303, path)
      assert.equal(blocked.headers.location, '/account/authenticator-app', path)
    }
    const page = await agent.get('/account/authenticator-app').expect(200)
    assert.match(page.text, /Staff must sign in with a second factor before they can use this service/)
    const { secret } = await setUpThroughPages(agent)
    assert.match((await agent.get('/review').expect(200)).text, /Review applications|applications/)
    // The session that signed in with the password alone, elsewhere, has ended.
    await other.get('/review').expect(303).expect('Location', '/sign-in')
    // Next time: the password, then the code, straight to the queue.
    assert.equal((await signInWithCode(t, request.agent(t.app), user, secret)).headers.location, '/review')
  })

  it('lets nobody past the policy by posting to staff pages either', async () => {
    await setSecondFactorPolicy(t, true)
    const user = await createStaff(t, ['board-member'])
    const agent = await signedIn(user)
    const refused = await submitForm(agent, '/account', { newApplicationEmails: 'digest' }, { from: '/account/authenticator-app' })
    assert.equal(refused.status, 303)
    assert.equal(refused.headers.location, '/account/authenticator-app')
  })

  it('is on for a new production service (so for a first admin made with the CLI), off elsewhere, and kept once decided', async () => {
    const dataSource = t.database.dataSource
    const policy = async () => ((await dataSource.query(`SELECT "staff_second_factor_required" AS "on" FROM "settings"`)) as { on: boolean | null }[])[0]!.on
    await dataSource.query(`UPDATE "settings" SET "staff_second_factor_required" = NULL`)
    await seed(dataSource, { production: true })
    assert.equal(await policy(), true)
    await seed(dataSource)
    assert.equal(await policy(), true, 'a later start does not change what was decided')
    await dataSource.query(`UPDATE "settings" SET "staff_second_factor_required" = NULL`)
    await seed(dataSource)
    assert.equal(await policy(), false)

    // The first admin, as npm run user:create makes one, sets up an app at their first sign-in.
    await setSecondFactorPolicy(t, true)
    const admin = await t.services.staff.create({ email: 'first.admin@example.org', name: 'First Admin', roles: ['admin'], password: STAFF_PASSWORD }, null)
    const agent = await signedIn(admin)
    await agent.get('/staff').expect(303).expect('Location', '/account/authenticator-app')
    await setUpThroughPages(agent)
    await agent.get('/admin/settings').expect(200)
  })

  it('is a setting admins can change', async () => {
    const admin = await createStaff(t, ['admin'])
    const agent = await signedIn(admin)
    const page = await agent.get('/admin/settings').expect(200)
    assert.match(page.text, /name="staffSecondFactorRequired" type="radio" value="no" checked/)
    const fields = Object.fromEntries([...page.text.matchAll(/name="(\w+)"[^>]*value="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]))
    const nhsEmailDomains = /<textarea[^>]*name="nhsEmailDomains"[^>]*>([^<]*)</.exec(page.text)![1]!
    const saved = await agent
      .post('/admin/settings')
      .type('form')
      .send({ ...fields, blindReview: 'yes', nhsEmailDomains, staffSecondFactorRequired: 'yes', ssoButtonText: 'Sign in with NHSmail', _csrf: csrfTokenFrom(page) })
    assert.equal(saved.status, 303)
    const [row]: { staff_second_factor_required: boolean; sso_button_text: string }[] = await t.database.dataSource.query(
      `SELECT "staff_second_factor_required", "sso_button_text" FROM "settings"`,
    )
    assert.deepEqual(row, { staff_second_factor_required: true, sso_button_text: 'Sign in with NHSmail' })
    const audit = await t.database.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'settings.updated' })
    assert.match(audit.note ?? '', /staff_second_factor_required: false -> true/)
    // The admin's own session used a password alone: from now on they must set up an app.
    await agent.get('/admin/settings').expect(303).expect('Location', '/account/authenticator-app')
  })
})

describe('the log', () => {
  it('holds no secret, code or recovery code seen in this file', () => {
    const log = logLines.join('')
    assert.ok(logLines.length > 50, 'requests were logged')
    assert.ok(secretsSeen.size > 20, 'the other tests saw secrets and codes')
    for (const secret of secretsSeen) {
      assert.ok(!log.includes(secret), `"${secret}" is in the log`)
      assert.ok(!log.includes(secret.replace(/-/g, '')), `"${secret}" is in the log without its dashes`)
    }
    assert.doesNotMatch(log, /otpauth:/)
  })
})
