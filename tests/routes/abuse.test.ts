// The rate limits as an attacker (and a busy NHS trust) would meet them: many client addresses,
// told apart by X-Forwarded-For behind one trusted proxy, as in production.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import { LIMITS } from '../../src/domain/limits.ts'
import { completeApplication, validAnswers } from '../helpers/apply-journey.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { submitForm } from '../helpers/forms.ts'
import { signIn } from '../helpers/staff.ts'

const t = useTestApp({
  config: { trustProxy: 1 },
  staff: { ivy: { name: 'Ivy Immediate', roles: ['board-member'] }, tess: { name: 'Tess Third', roles: ['board-member'] }, admin: { name: 'Ada Admin', roles: ['admin'] } },
})

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['staff_users'] })
  await t.database.dataSource.query(`UPDATE roles SET status = 'open', closes_on = NULL`)
})

/** A browser at its own client address, behind the proxy. */
function clientAt(ip: string) {
  return request.agent(t.app).set('X-Forwarded-For', ip)
}

const count = async (sql: string, parameters: unknown[] = []) => ((await t.database.dataSource.query(sql, parameters)) as { n: number }[])[0]!.n

describe('the application form is no mail relay', () => {
  it('12 submits for one address from 12 clients send 3 receipts, and the board hears once', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i += 1) {
      const agent = clientAt(`198.51.100.${i + 1}`)
      await completeApplication(agent, { ...validAnswers, email: { email: 'victim@example.org' }, name: { fullName: `Attacker text ${i}` } })
      statuses.push((await submitForm(agent, '/apply/check')).status)
    }
    const allowed = LIMITS.applicationsPerAddress.limit
    assert.deepEqual(statuses, [...Array(allowed).fill(303), ...Array(12 - allowed).fill(429)])
    assert.equal(await count(`SELECT count(*)::int AS n FROM email_messages WHERE template = 'application-received'`), allowed)
    assert.equal(await count(`SELECT count(*)::int AS n FROM applications`), allowed)
    // Two board members with immediate emails: one email each, not one per application.
    assert.equal(await count(`SELECT count(*)::int AS n FROM email_messages WHERE template = 'new-application'`), 2)
  })

  it('one network (a trust behind one address) can send many applications from different people', async () => {
    for (let i = 0; i < 5; i += 1) {
      const agent = clientAt('203.0.113.10')
      await completeApplication(agent, { ...validAnswers, email: { email: `colleague${i}@nhs.net` } })
      assert.equal((await submitForm(agent, '/apply/check')).status, 303)
    }
  })
})

describe('emailed links', () => {
  const askForLink = async (ip: string, email: string) => submitForm(clientAt(ip), '/my-application', { email })

  it('one address gets at most 3 links however many clients ask, and the page is the same', async () => {
    for (let i = 0; i < 6; i += 1) assert.equal((await askForLink(`198.51.100.${i + 1}`, 'victim@example.org')).headers.location, '/my-application/check-email')
    assert.equal(await count(`SELECT count(*)::int AS n FROM one_time_tokens WHERE email = 'victim@example.org'`), LIMITS.linkRequestsPerAddress.limit)
  })

  it('a trust behind one address is not locked out by colleagues asking for links', async () => {
    for (let i = 0; i < 30; i += 1) assert.equal((await askForLink('203.0.113.10', `colleague${i}@nhs.net`)).status, 303)
    assert.equal(await count(`SELECT count(*)::int AS n FROM one_time_tokens`), 30)
  })
})

describe('staff sign-in cannot be used against a person', () => {
  it('failures from one client slow only that client; the owner elsewhere signs in at once', async () => {
    const victim = t.staff.admin
    const attacker = '198.51.100.66'
    for (let i = 0; i < LIMITS.staffSignInFailuresPerAccountAndClient.limit + 3; i += 1) await signIn(clientAt(attacker), victim, 'a wrong guess')
    assert.equal((await signIn(clientAt(attacker), victim)).status, 429, 'even the right password waits at the guessing client')
    assert.equal((await signIn(clientAt('203.0.113.20'), victim)).status, 303)
    const columns: { column_name: string }[] = await t.database.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'staff_users' AND column_name IN ('failed_sign_ins', 'locked_until')`,
    )
    assert.deepEqual(columns, [], 'an account has nothing that could lock it')
  })

  it('a client over the per-network failure limit is refused; other clients are not', async () => {
    const limit = LIMITS.staffSignInFailuresPerIp.limit
    // One address: after 5 failures the tries are slowed (still failures) without a password check.
    for (let i = 0; i < limit; i += 1) await signIn(clientAt('198.51.100.77'), { email: 'guess@example.org' }, 'a wrong guess')
    const refused = await signIn(clientAt('198.51.100.77'), t.staff.ivy)
    assert.equal(refused.status, 429)
    assert.match(refused.text, /too many attempts from your network/)
    assert.equal((await signIn(clientAt('198.51.100.78'), t.staff.ivy)).status, 303)
  })

  it('many staff signing in through one address never reach the per-network limit', async () => {
    for (let i = 0; i < 12; i += 1) assert.equal((await signIn(clientAt('203.0.113.30'), i % 2 ? t.staff.ivy : t.staff.tess)).status, 303)
    // The count is taken back once each response has finished, which may be a moment after the test sees it.
    const hits = () => count(`SELECT coalesce(sum(hits), 0)::int AS n FROM rate_limit_hits WHERE key LIKE 'staffsigninfailuresperip:%'`)
    for (let tries = 0; tries < 20 && (await hits()) > 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(await hits(), 0, 'successful sign-ins are not counted')
  })

  it('six clients asking to reset one password send 3 emails, and every answer is the same', async () => {
    const locations = new Set<string>()
    for (let i = 0; i < 6; i += 1) {
      const response = await submitForm(clientAt(`198.51.100.${i + 1}`), '/forgot-password', { email: t.staff.admin.email })
      assert.equal(response.status, 303)
      locations.add(response.headers.location!)
    }
    assert.deepEqual([...locations], ['/forgot-password/sent'])
    assert.equal(await count(`SELECT count(*)::int AS n FROM email_messages WHERE template = 'staff-password-reset'`), LIMITS.passwordResetsPerAddress.limit)
  })
})

describe('a form too long to read', () => {
  it('is refused with the community’s own page, saying how to get back to what was typed', async () => {
    await t.database.dataSource.query(`UPDATE settings SET community_name = 'Leeds Data Collective', contact_email = 'help@leeds.example.org'`)
    const agent = clientAt('198.51.100.90')
    await completeApplication(agent, validAnswers)
    // A whole document pasted into one box: over the 100 KB a form may be.
    const response = await submitForm(agent, '/apply/motivation', { motivation: 'a'.repeat(200_000) })
    assert.equal(response.status, 413)
    assert.match(response.text, /<title>Sorry, we could not do that - Leeds Data Collective<\/title>/)
    assert.match(response.text, /too long for us to read\. Use your browser’s back button to return to what you typed/)
    assert.match(response.text, /<a href="mailto:help@leeds\.example\.org">help@leeds\.example\.org<\/a>/)
    assert.doesNotMatch(response.text, /request entity too large/)
  })
})
