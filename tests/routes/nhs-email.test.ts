import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request, { type Agent, type Response } from 'supertest'
import { LIMITS } from '../../src/domain/limits.ts'
import { useTestApp } from '../helpers/app.ts'
import { completeApplication, submitPage, validAnswers } from '../helpers/apply-journey.ts'
import { truncateData } from '../helpers/database.ts'
import { nhsEmailCodeSentTo, wrongCode } from '../helpers/nhs-email.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { submitApplication } from '../helpers/review.ts'
import { signIn } from '../helpers/staff.ts'
import { settingsFormValues } from '../../src/forms/settings.ts'

const t = useTestApp({ staff: { admin: { name: 'Ada Admin', roles: ['admin'] }, member: { name: 'Bea Board', roles: ['board-member'] } } })

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['staff_users'] })
  await t.database.dataSource.query(`UPDATE settings SET nhs_email_domains = '{nhs.net,nhs.uk}', blind_review = true WHERE id = 1`)
  t.services.settings.changed()
})

/** A form answered up to the NHS employment page, in a new browser. */
async function startApplication(answers: { email?: string; nhsEmployed?: 'yes' | 'no' } = {}): Promise<Agent> {
  const agent = request.agent(t.app)
  const { roles, name, phone } = validAnswers
  const employment = answers.nhsEmployed === 'no' ? { nhsEmployed: 'no' } : validAnswers['nhs-employment']
  await completeApplication(agent, { roles, 'role-order': validAnswers['role-order'], name, email: { email: answers.email ?? 'ada@example.org' }, phone, 'nhs-employment': employment })
  return agent
}

function sendCode(agent: Agent, email: string, path = '/apply/nhs-email') {
  return submitPage(agent, path, { action: 'send', email })
}


function enterCode(agent: Agent, code: string) {
  return submitPage(agent, '/apply/nhs-email/code', { code })
}

/** A helper's response, checked for its status (supertest's .expect needs the request itself). */
async function expectStatus(response: Promise<Response>, status: number): Promise<Response> {
  const answered = await response
  assert.equal(answered.status, status, `answered ${answered.status}`)
  return answered
}

describe('verifying an NHS email address', () => {
  it('sends a code to the application’s NHS address; the right code verifies the domain, which goes with the application', async () => {
    const agent = await startApplication({ email: 'Ada@NHS.net', nhsEmployed: 'no' })
    const page = await agent.get('/apply/nhs-email').expect(200)
    assert.match(page.text, /Verify your NHS email address/)
    assert.match(page.text, /value="ada@nhs\.net"/)

    const sent = await sendCode(agent, 'ada@nhs.net')
    assert.equal(sent.status, 303)
    assert.equal(sent.headers.location, '/apply/nhs-email/code')
    const code = await nhsEmailCodeSentTo(t.database.dataSource, 'ada@nhs.net')
    const rows: { code_hash: string; attempts: number }[] = await t.database.dataSource.query(`SELECT "code_hash", "attempts" FROM "nhs_email_codes"`)
    assert.equal(rows.length, 1)
    assert.ok(!rows[0]!.code_hash.includes(code), 'only a hash of the code is kept')

    const codePage = await agent.get('/apply/nhs-email/code').expect(200)
    assert.match(codePage.text, /Enter the 6-digit code/)
    const verified = await enterCode(agent, `${code.slice(0, 3)} ${code.slice(3)}`)
    assert.equal(verified.status, 303)
    assert.equal(verified.headers.location, '/apply/nhs-email')
    assert.match((await agent.get('/apply/nhs-email').expect(200)).text, /You have verified an email address on nhs\.net/)
    assert.equal((await t.database.dataSource.query(`SELECT 1 FROM "nhs_email_codes"`)).length, 0, 'a used code is gone')

    const rest = Object.fromEntries(Object.entries(validAnswers).filter(([step]) => !['roles', 'role-order', 'name', 'email', 'phone', 'nhs-employment'].includes(step)))
    for (const [step, fields] of Object.entries(rest)) assert.equal((await submitPage(agent, `/apply/${step}`, fields)).status, 303, step)
    const check = await agent.get('/apply/check').expect(200)
    assert.match(check.text, /Verified: an address on nhs\.net/)
    await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303)
    const [application] = (await t.database.dataSource.query(`SELECT "nhs_email_verified_domain", "nhs_email_verified_at" FROM "applications"`)) as {
      nhs_email_verified_domain: string
      nhs_email_verified_at: Date
    }[]
    assert.equal(application!.nhs_email_verified_domain, 'nhs.net')
    assert.ok(application!.nhs_email_verified_at instanceof Date)
  })

  it('sends to a separate work address, and keeps only its domain', async () => {
    const agent = await startApplication({ nhsEmployed: 'yes' })
    // After a "yes", the step comes next.
    assert.equal((await submitPage(agent, '/apply/nhs-employment', validAnswers['nhs-employment'])).headers.location, '/apply/nhs-email')
    assert.doesNotMatch((await agent.get('/apply/nhs-email')).text, /value="ada@example\.org"/)
    await expectStatus(sendCode(agent, 'Ada.Lovelace@LeedsTH.nhs.uk'), 303)
    await expectStatus(enterCode(agent, await nhsEmailCodeSentTo(t.database.dataSource, 'ada.lovelace@leedsth.nhs.uk')), 303)
    assert.match((await agent.get('/apply/nhs-email')).text, /leedsth\.nhs\.uk/)
  })

  it('refuses an address that is not on an NHS domain with a clear message, keeping what was typed', async () => {
    const agent = await startApplication()
    const refused = await sendCode(agent, 'ada@notnhs.net')
    assert.equal(refused.status, 400)
    assert.match(refused.text, /<title>Error: Verify your NHS email address/)
    assert.match(refused.text, /There is a problem/)
    assert.match(refused.text, /Enter an NHS email address, like name@nhs\.net/)
    assert.match(refused.text, /value="ada@notnhs\.net"/)
    assert.equal((await t.database.dataSource.query(`SELECT 1 FROM "email_messages"`)).length, 0)
  })

  it('a wrong code uses up a try, keeps what was typed, and after 5 even the right code needs a new one', async () => {
    const agent = await startApplication()
    await expectStatus(sendCode(agent, 'ada@nhs.net'), 303)
    const code = await nhsEmailCodeSentTo(t.database.dataSource, 'ada@nhs.net')
    const wrong = wrongCode(code)

    const first = await enterCode(agent, wrong)
    assert.equal(first.status, 400)
    assert.match(first.text, /<title>Error: Enter the 6-digit code/)
    assert.match(first.text, /The code is not right.*4 tries left/)
    assert.match(first.text, new RegExp(`value="${wrong}"`))
    assert.match(first.text, /Send a new code/)
    assert.match((await enterCode(agent, '12ab')).text, /The code must be 6 numbers/)

    for (let i = 0; i < 3; i++) await expectStatus(enterCode(agent, wrong), 400)
    assert.match((await enterCode(agent, wrong)).text, /You have entered a wrong code too many times. Send a new code/)
    assert.match((await enterCode(agent, code)).text, /too many times/)

    await expectStatus(sendCode(agent, 'ada@nhs.net'), 303)
    await expectStatus(enterCode(agent, await nhsEmailCodeSentTo(t.database.dataSource, 'ada@nhs.net')), 303)
  })

  it('an expired code is refused, and a new code works', async () => {
    const agent = await startApplication()
    await expectStatus(sendCode(agent, 'ada@nhs.net'), 303)
    const code = await nhsEmailCodeSentTo(t.database.dataSource, 'ada@nhs.net')
    await t.database.dataSource.query(`UPDATE "nhs_email_codes" SET "created_at" = now() - interval '20 minutes', "expires_at" = now() - interval '10 minutes'`)
    const expired = await enterCode(agent, code)
    assert.equal(expired.status, 400)
    assert.match(expired.text, /This code has expired. Send a new code/)
    assert.match(expired.text, new RegExp(`value="${code}"`))
    // "Send a new code" posts the address the last code went to.
    const page = await agent.get('/apply/nhs-email/code')
    await agent.post('/apply/nhs-email').type('form').send({ _csrf: csrfTokenFrom(page), action: 'send', email: 'ada@nhs.net' }).expect(303)
    await expectStatus(enterCode(agent, await nhsEmailCodeSentTo(t.database.dataSource, 'ada@nhs.net')), 303)
  })

  it('skipping loses nothing and is not a gate; people it does not apply to never see it', async () => {
    const agent = await startApplication()
    const skipped = await submitPage(agent, '/apply/nhs-email', { action: 'skip', email: '' })
    assert.equal(skipped.status, 303)
    assert.equal(skipped.headers.location, '/apply/career-stage')
    const rest = Object.fromEntries(Object.entries(validAnswers).filter(([step]) => !['roles', 'role-order', 'name', 'email', 'phone', 'nhs-employment'].includes(step)))
    for (const [step, fields] of Object.entries(rest)) await expectStatus(submitPage(agent, `/apply/${step}`, fields), 303)
    const check = await agent.get('/apply/check').expect(200)
    assert.match(check.text, /Not verified \(optional\)/)
    assert.match(check.text, /Barts Health NHS Trust/)
    await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303)

    const other = await startApplication({ nhsEmployed: 'no' })
    await other.get('/apply/nhs-email').expect(404)
    await other.get('/apply/nhs-email/code').expect(303)
  })

  it('limits codes per address, and per client', async () => {
    const agent = await startApplication()
    for (let i = 0; i < 3; i++) await expectStatus(sendCode(agent, 'ada@nhs.net'), 303)
    const limited = await sendCode(agent, 'ada@nhs.net')
    assert.equal(limited.status, 429)
    assert.match(limited.text, /We have sent too many codes to this email address/)
    assert.match(limited.text, /skip this step/)
    assert.equal((await t.database.dataSource.query(`SELECT 1 FROM "email_messages"`)).length, 3)

    // The per-client limit (generous: a trust's staff share one address) counts every ask from
    // one client, whatever the address; the next is refused.
    const { limit } = LIMITS.linkRequestsPerIp
    for (let i = 0; i < limit - 4; i++) await expectStatus(sendCode(agent, `person${i}@nhs.net`), 303)
    const perClient = await sendCode(agent, 'someone.else@nhs.net')
    assert.equal(perClient.status, 429)
    assert.match(perClient.text, /too many attempts from your network/)
  })
})

describe('what reviewers see', () => {
  const url = (reference: string) => `/review/applications/${reference}`

  it('shows "NHS email verified" beside NHS employment, and the domain only once shortlisted', async () => {
    const { reference } = await submitApplication(t, { nhsEmailVerified: { domain: 'leedsth.nhs.uk', verifiedAt: new Date().toISOString() } })
    const plain = await submitApplication(t)
    const member = request.agent(t.app)
    await expectStatus(signIn(member, t.staff.member), 303)

    const blind = await member.get(url(reference)).expect(200)
    assert.match(blind.text, /NHS email verified\s*<\/dt>\s*<dd[^>]*>\s*Yes\s*</)
    assert.doesNotMatch(blind.text, /leedsth/)
    // The matching reason, on the roles that prefer NHS employment.
    assert.match(blind.text, /<\/svg>NHS email verified<\/li>/)
    assert.match((await member.get(url(plain.reference)).expect(200)).text, /NHS email verified\s*<\/dt>\s*<dd[^>]*>\s*No\s*</)

    await t.database.dataSource.query(`UPDATE applications SET status = 'shortlisted' WHERE reference = $1`, [reference])
    assert.match((await member.get(url(reference)).expect(200)).text, /Yes, an address on leedsth\.nhs\.uk/)
  })
})

describe('the NHS email domains in settings', () => {

  it('are seeded with nhs.net and nhs.uk, checked, saved, and used by the application', async () => {
    // The other settings as they are, from the form's own reading of them.
    const current = settingsFormValues(await t.services.settings.get())
    const admin = request.agent(t.app)
    await expectStatus(signIn(admin, t.staff.admin), 303)
    const page = await admin.get('/admin/settings').expect(200)
    assert.match(page.text, /NHS email domains/)
    assert.match(page.text, /nhs\.net\nnhs\.uk<\/textarea>/)

    const refused = await submitForm(admin, '/admin/settings', { ...current, nhsEmailDomains: 'nhs.net\nnot a domain' })
    assert.equal(refused.status, 400)
    assert.match(refused.text, /not a domain is not a domain/)
    assert.match((await submitForm(admin, '/admin/settings', { ...current, nhsEmailDomains: ' ' })).text, /Enter at least one NHS email domain/)

    await expectStatus(submitForm(admin, '/admin/settings', { ...current, nhsEmailDomains: 'nhs.net\nnhs.uk\nHSCNI.net' }), 303)
    const [row] = (await t.database.dataSource.query(`SELECT "nhs_email_domains" FROM "settings"`)) as { nhs_email_domains: string[] }[]
    assert.deepEqual(row!.nhs_email_domains, ['nhs.net', 'nhs.uk', 'hscni.net'])
    const [audit] = (await t.database.dataSource.query(`SELECT "note" FROM "audit_events" WHERE "action" = 'settings.updated'`)) as { note: string }[]
    assert.match(audit!.note, /nhs_email_domains/)

    // An address on the new domain is offered the step, with no NHS employment.
    const agent = await startApplication({ email: 'ada@hscni.net', nhsEmployed: 'no' })
    assert.match((await agent.get('/apply/nhs-email').expect(200)).text, /value="ada@hscni\.net"/)
  })
})
