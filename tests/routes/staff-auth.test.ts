import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import { deactivateStaffUser } from '../../src/actions/admin/users/deactivate-staff-user.ts'
import { inviteStaffUser } from '../../src/actions/admin/users/invite-staff-user.ts'
import { entitiesPrepared } from '../../src/db/prepared.ts'
import { EmailMessage, StaffToken, StaffUser } from '../../src/entities/index.ts'
import { hashToken } from '../../src/services/tokens.ts'
import { LIMITS } from '../../src/domain/limits.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData, withOneConnection } from '../helpers/database.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { sentText } from '../helpers/emails.ts'
import { createStaff, sessionCookie, signIn, STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useTestApp()
beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['application_drafts', 'application_roles', 'applications', 'audit_events', 'equality_responses', 'executives', 'offer_links', 'onboarding_items', 'one_time_tokens'] })
})

function linkIn(email: EmailMessage, path: string): string {
  const match = new RegExp(`${path}/([A-Za-z0-9_-]{43})`).exec(sentText(email))
  assert.ok(match, `the email has a ${path} link`)
  return match[0]
}

describe('first admin', () => {
  it('prints a setup link only while there are no staff; the link makes one admin, once', async () => {
    const link = await t.services.staff.createSetupLinkIfNoStaff()
    assert.ok(link)
    const path = new URL(link).pathname + new URL(link).search
    const token = new URL(link).searchParams.get('token')!
    assert.equal(await t.database.dataSource.getRepository(StaffToken).countBy({ tokenHash: token }), 0, 'only the hash is stored')

    const agent = request.agent(t.app)
    const page = await agent.get(path).expect(200)
    const invalid = await agent.post(path).type('form').send({ _csrf: csrfTokenFrom(page), name: 'Ada', email: 'ada@example.org', password: 'password1', confirmPassword: 'password1' })
    assert.equal(invalid.status, 400)
    assert.match(invalid.text, /Password is too common/)
    const created = await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), name: 'Ada Admin', email: 'Ada@Example.org', password: STAFF_PASSWORD, confirmPassword: STAFF_PASSWORD })
      .expect(303)
    assert.equal(created.headers.location, '/sign-in')
    assert.match((await agent.get('/sign-in').expect(200)).text, /Your admin account has been created\. Sign in with your email address and password\./)
    const admin = await t.database.dataSource.getRepository(StaffUser).findOneByOrFail({ email: 'ada@example.org' })
    assert.deepEqual(admin.roles, ['admin'])
    assert.match(admin.passwordHash!, /^\$argon2id\$v=19\$/)
    assert.match(admin.passwordHash!, /m=19456/)
    assert.match(admin.passwordHash!, /t=2/)

    assert.equal((await request(t.app).get(path)).status, 410)
    assert.equal(await t.services.staff.createSetupLinkIfNoStaff(), null)
  })
})

describe('sign-in', () => {
  it('gives the new session its form token at sign-in, so two pages loaded at once both post', async () => {
    const user = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    assert.equal((await signIn(agent, user)).status, 303)
    // Made by the first page instead, each page would make one and the session saved last keep its own.
    const pages = await Promise.all([agent.get('/staff').expect(200), agent.get('/staff').expect(200)])
    const tokens = pages.map(csrfTokenFrom)
    assert.equal(tokens[0], tokens[1])
    for (const token of tokens) {
      const kept = await agent.post('/staff/stay-signed-in').type('form').send({ _csrf: token })
      assert.ok(kept.status < 400, `the page's form is accepted (answered ${kept.status})`)
    }
  })

  it("reads a signed-in member's account as TypeORM's own read does, and not once it is deactivated", async () => {
    const user = await createStaff(t, ['board-member', 'community-manager'])
    const repository = t.database.dataSource.getRepository(StaffUser)
    await repository.update({ id: user.id }, { boardTermStartsOn: '2026-04-01', teamBio: 'Bio', lastSignedInAt: new Date('2026-11-30T09:15:00.123Z') })
    const expected = await repository.findOneByOrFail({ id: user.id })
    const read = await t.services.staff.findActiveById(user.id)
    assert.ok(read instanceof StaffUser)
    assert.deepEqual(read, expected)
    assert.equal(read.boardTermStartsOn, '2026-04-01')
    await repository.update({ id: user.id }, { active: false })
    assert.equal(await t.services.staff.findActiveById(user.id), null)
  })

  it('goes on reading the account on a connection that has it prepared after a migration adds a column', async () => {
    const user = await createStaff(t, ['board-member'])
    // One connection, so that the second read runs the statement the first one prepared.
    await withOneConnection(t.database.url, async (own) => {
    const read = () => entitiesPrepared(own.manager, StaffUser, `WHERE "id" = $1 AND "active"`, [user.id])
    assert.equal((await read())[0]?.id, user.id)
    await t.database.dataSource.query(`ALTER TABLE "staff_users" ADD COLUMN "added_by_a_later_migration" integer`)
    try {
      assert.equal((await read())[0]?.id, user.id)
    } finally {
      await t.database.dataSource.query(`ALTER TABLE "staff_users" DROP COLUMN "added_by_a_later_migration"`)
    }
    })
  })

  it('signs in with a new session id, and signing out kills the old cookie', async () => {
    const user = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    // Reading the form alone makes no session (its CSRF token is in a cookie of its own) ...
    assert.equal(sessionCookie(await request(t.app).get('/sign-in').expect(200)), null)
    // ... so the session to replace is one made by something stored in it: "Apply for this role".
    const before = sessionCookie(await agent.get('/apply?role=web-developer').expect(303))
    assert.ok(before, 'starting an application made a session')
    const response = await submitForm(agent, '/sign-in', { email: user.email.toUpperCase(), password: STAFF_PASSWORD })
    assert.equal(response.status, 303)
    const after = sessionCookie(response)
    assert.ok(after)
    assert.notEqual(after, before)
    assert.equal(response.headers.location, '/review')

    const home = await agent.get('/staff').expect(200)
    assert.equal(home.headers['cache-control'], 'no-store')

    await agent.post('/sign-out').type('form').send({ _csrf: csrfTokenFrom(home) }).expect(303)
    // The old cookie, replayed, is a stranger now.
    await request(t.app).get('/staff').set('Cookie', after).expect(303).expect('Location', '/sign-in')
  })

  it('answers unknown addresses and wrong passwords identically', async () => {
    const user = await createStaff(t, ['admin'])
    const attempt = async (email: string, password: string) => {
      const response = await signIn(request.agent(t.app), { email }, password)
      const body = response.text
        .split(email)
        .join('EMAIL')
        .replace(/nonce="[^"]+"/g, '')
        .replace(/name="_csrf" value="[^"]+"/g, '')
      return { status: response.status, body }
    }
    const unknown = await attempt('nobody@example.org', STAFF_PASSWORD)
    const wrong = await attempt(user.email, 'not the password at all')
    assert.equal(unknown.status, 400)
    assert.deepEqual(unknown, wrong)
    assert.match(unknown.body, /Enter a correct email address and password/)
  })

  it('after 5 failures for an account, makes the next try from that client wait, even with the right password', async () => {
    const user = await createStaff(t, ['admin'])
    for (let i = 0; i < 5; i += 1) assert.equal((await signIn(request.agent(t.app), user, 'wrong password here')).status, 400)
    const slowed = await signIn(request.agent(t.app), user)
    assert.equal(slowed.status, 429)
    assert.equal(slowed.headers['retry-after'], '30')
    assert.match(slowed.text, /Wait 30 seconds, then try again/)
    // The wait over (the last failure moved 31 seconds back), the right password signs in.
    await t.database.dataSource.query(`UPDATE rate_limit_hits SET reset_at = reset_at - interval '31 seconds' WHERE key LIKE 'staff-sign-in-failures:%'`)
    assert.equal((await signIn(request.agent(t.app), user)).status, 303)
  })

  it('doubles the wait with each further failure, and slows unknown addresses the same way', async () => {
    const user = await createStaff(t, ['admin'])
    const statuses: Record<string, number[]> = {}
    const waits: Record<string, string | undefined> = {}
    for (const email of [user.email, 'nobody@example.org']) {
      statuses[email] = []
      for (let i = 0; i < 7; i += 1) {
        statuses[email].push((await signIn(request.agent(t.app), { email }, 'wrong password here')).status)
        // An hour passes after each failure, so no wait is in the way of the next.
        await t.database.dataSource.query(`UPDATE rate_limit_hits SET reset_at = reset_at - interval '1 hour' WHERE key LIKE 'staff-sign-in-failures:%'`)
      }
      await signIn(request.agent(t.app), { email }, 'wrong password here')
      const slowed = await signIn(request.agent(t.app), { email }, 'wrong password here')
      assert.equal(slowed.status, 429)
      waits[email] = slowed.headers['retry-after']
    }
    assert.deepEqual(statuses[user.email], Array(7).fill(400))
    // The 8th failure: 30 seconds doubled three times.
    assert.equal(waits[user.email], '240')
    assert.deepEqual(statuses['nobody@example.org'], statuses[user.email])
    assert.equal(waits['nobody@example.org'], waits[user.email])
  })

  it('a password reset clears the failures', async () => {
    const user = await createStaff(t, ['admin'])
    for (let i = 0; i < 5; i += 1) await signIn(request.agent(t.app), user, 'wrong password here')
    assert.equal((await signIn(request.agent(t.app), user)).status, 429)
    await t.services.staff.requestPasswordReset(user.email)
    const reset = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ recipient: user.email, template: 'staff-password-reset' })
    const path = linkIn(reset, '/reset-password')
    const agent = request.agent(t.app)
    assert.equal((await submitForm(agent, path, { password: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' })).status, 303)
    assert.equal((await signIn(request.agent(t.app), user, 'a brand new passphrase')).status, 303)
  })

  it('limits failed sign-ins per network address, but successful ones do not count', async () => {
    const user = await createStaff(t, ['admin'])
    const agent = request.agent(t.app)
    const limit = LIMITS.staffSignInFailuresPerIp.limit
    for (let i = 0; i < 3; i += 1) assert.equal((await signIn(request.agent(t.app), user)).status, 303)
    let last = ''
    // One address: after its first 5 failures the rest are slowed (429) without a password check,
    // which keeps the test quick; a slowed try is a failure too.
    for (let i = 0; i < limit; i += 1) last = (await signIn(agent, { email: 'guess@example.org' }, 'whatever it is')).text
    assert.match(last, /You have entered an incorrect password too many times/, `the ${limit}th failure still reaches the sign-in check`)
    assert.match((await signIn(agent, { email: 'guess@example.org' }, 'whatever it is')).text, /There have been too many attempts from your network/)
    const limited = await signIn(agent, user)
    assert.equal(limited.status, 429)
    assert.match(limited.text, /There have been too many attempts from your network/)
  })

  it('refuses a sign-in without a valid CSRF token', async () => {
    const user = await createStaff(t, ['admin'])
    await request(t.app).post('/sign-in').type('form').send({ email: user.email, password: STAFF_PASSWORD }).expect(403)
  })

  it('deactivating an account ends its sessions at once', async () => {
    const admin = await createStaff(t, ['admin'])
    const user = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    await signIn(agent, user).then((r) => assert.equal(r.status, 303))
    await agent.get('/staff').expect(200)
    await t.services.act(deactivateStaffUser, { id: user.id }, { type: 'staff', id: admin.id })
    await agent.get('/staff').expect(303).expect('Location', '/sign-in')
    assert.equal((await signIn(request.agent(t.app), user)).status, 400)
  })

  it('ends a sign-in after the absolute lifetime, however active', async () => {
    const user = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    await signIn(agent, user)
    await t.database.dataSource.query(
      `UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{staffSignedInAt}', to_jsonb((extract(epoch from now()) * 1000 - 13 * 3600 * 1000)::bigint))::json`,
    )
    await agent.get('/staff').expect(303)
  })

  it('sends staff pages to sign-in, then back to where they were going', async () => {
    const user = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    await agent.get('/staff').expect(303).expect('Location', '/sign-in')
    const response = await signIn(agent, user)
    assert.equal(response.headers.location, '/staff')
  })
})

describe('invitations and password resets', () => {
  it('invites by email; the link sets a password once', async () => {
    const admin = await createStaff(t, ['admin'])
    const invited = await t.services.act(inviteStaffUser, { email: 'grace@example.org', name: 'Grace', roles: ['board-member', 'community-manager'] }, { type: 'staff', id: admin.id })
    assert.equal(invited.passwordHash, null)
    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ recipient: 'grace@example.org' })
    const link = linkIn(email, '/invitation')
    const token = link.split('/').at(-1)!
    assert.equal(await t.database.dataSource.getRepository(StaffToken).countBy({ tokenHash: hashToken(token) }), 1)

    const agent = request.agent(t.app)
    const page = await agent.get(link).expect(200)
    const short = await agent.post(link).type('form').send({ _csrf: csrfTokenFrom(page), password: 'short', confirmPassword: 'short' })
    assert.equal(short.status, 400)
    assert.match(short.text, /8 characters or more/)
    const mismatch = await agent.post(link).type('form').send({ _csrf: csrfTokenFrom(page), password: STAFF_PASSWORD, confirmPassword: 'something else entirely' })
    assert.match(mismatch.text, /Enter the same password twice/)
    await agent.post(link).type('form').send({ _csrf: csrfTokenFrom(page), password: STAFF_PASSWORD, confirmPassword: STAFF_PASSWORD }).expect(303).expect('Location', '/sign-in')
    // The sign-in page says it worked, once.
    const signInPage = await agent.get('/sign-in').expect(200)
    assert.match(signInPage.text, /nhsuk-notification-banner--success[\s\S]*Your password has been created\. Sign in with your email address and new password\./)
    assert.match(signInPage.text, /<title>Sign in - /)
    assert.doesNotMatch((await agent.get('/sign-in').expect(200)).text, /Your password has been created/)
    assert.equal((await signIn(request.agent(t.app), { email: 'grace@example.org' })).status, 303)
    assert.equal((await request(t.app).get(link)).status, 410)
  })

  it('answers a reset request the same whether or not the account exists, and the link works once for an hour', async () => {
    const user = await createStaff(t, ['admin'])
    const ask = async (email: string) => {
      const agent = request.agent(t.app)
      return submitForm(agent, '/forgot-password', { email })
    }
    const known = await ask(user.email)
    const unknown = await ask('nobody@example.org')
    assert.equal(known.status, 303)
    assert.equal(unknown.status, 303)
    assert.equal(known.headers.location, unknown.headers.location)
    assert.equal(await t.database.dataSource.getRepository(EmailMessage).count(), 1)

    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ recipient: user.email })
    const link = linkIn(email, '/reset-password')
    const altered = link.slice(0, -2) + 'xx'
    assert.equal((await request(t.app).get(altered)).status, 410)
    await t.database.dataSource.query(`UPDATE staff_tokens SET expires_at = now() - interval '1 second'`)
    assert.equal((await request(t.app).get(link)).status, 410)
    await t.database.dataSource.query(`UPDATE staff_tokens SET expires_at = now() + interval '1 hour'`)

    const signedIn = request.agent(t.app)
    await signIn(signedIn, user)
    const agent = request.agent(t.app)
    const changed = await submitForm(agent, link, { password: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' })
    assert.equal(changed.status, 303)
    assert.equal(changed.headers.location, '/sign-in')
    assert.match((await agent.get('/sign-in').expect(200)).text, /Your password has been changed\. Sign in with your new password\./)
    // Changing the password signs out every other session.
    await signedIn.get('/staff').expect(303)
    assert.equal((await signIn(request.agent(t.app), user)).status, 400)
    assert.equal((await signIn(request.agent(t.app), user, 'a brand new passphrase')).status, 303)
    assert.equal((await request(t.app).get(link)).status, 410)
  })
})
