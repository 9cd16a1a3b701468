import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import { Application, ApplicationDraft, ApplicationRole, AuditEvent, EqualityResponse, Role } from '../../src/entities/index.ts'
import { EmailMessage } from '../../src/entities/email-message.entity.ts'
import { roleSeeds } from '../../seeds/roles.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { sentText } from '../helpers/emails.ts'
import { completeApplication, submitPage, validAnswers } from '../helpers/apply-journey.ts'
import { purgeExpiredDrafts } from '../../src/actions/apply/purge-expired-drafts.ts'
import { SYSTEM } from '../../src/services/audit.ts'
import { LIMITS } from '../../src/domain/limits.ts'

const t = useTestApp()
beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['one_time_tokens', 'sessions', 'staff_tokens', 'staff_users'] })
  await t.database.dataSource.query(`UPDATE roles SET status = 'open', closes_on = NULL`)
  for (const seed of roleSeeds) {
    await t.database.dataSource.getRepository(Role).update({ slug: seed.slug }, { questions: seed.questions })
  }
})

async function submit(agent: ReturnType<typeof request.agent>) {
  const check = await agent.get('/apply/check').expect(200)
  return agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) })
}

describe('the application journey', () => {
  it('walks every page, shows Check your answers, and submits one application with its emails', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    const check = await agent.get('/apply/check').expect(200)
    assert.match(check.text, /Check your answers before sending your application/)
    assert.match(check.text, /Ada Lovelace/)
    assert.match(check.text, /ada@example\.org/)
    assert.match(check.text, /Submit application/)
    // Roles in the order of preference given.
    assert.ok(check.text.indexOf('Web developer') < check.text.indexOf('Content manager'))

    const submitted = await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303)
    assert.equal(submitted.headers.location, '/apply/confirmation')
    const confirmation = await agent.get('/apply/confirmation').expect(200)
    const reference = /PYC-[2-9A-Z]{4}-[2-9A-Z]{4}/.exec(confirmation.text)?.[0]
    assert.ok(reference, 'the confirmation shows the reference')

    const application = await t.database.dataSource.getRepository(Application).findOneByOrFail({ reference })
    assert.equal(application.status, 'submitted')
    assert.equal(application.email, 'ada@example.org')
    assert.equal(application.nhsEmployed, true)
    assert.equal(application.organisation, 'Barts Health NHS Trust')
    assert.deepEqual(application.skills, ['HTML/CSS', 'GitHub'])
    const choices = await t.database.dataSource.getRepository(ApplicationRole).find({ where: { applicationId: application.id }, order: { preference: 'ASC' } })
    assert.deepEqual(choices.map((c) => c.roleTitle), ['Web developer', 'Content manager'])
    assert.deepEqual(choices[0]!.answers, { 'web-experience': 'My own site on GitHub Pages.' })
    assert.ok(choices[0]!.criteria.length > 0, 'the criteria are kept with the application')

    const equality = await t.database.dataSource.getRepository(EqualityResponse).find()
    assert.equal(equality.length, 1)
    assert.deepEqual(equality[0]!.answers, { age: 'under-25', sex: 'prefer-not-to-say' })
    assert.match(equality[0]!.submittedMonth, /^\d{4}-\d{2}-01$/)
    const equalityColumns = (await t.database.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'equality_responses' ORDER BY column_name`,
    )) as { column_name: string }[]
    assert.deepEqual(equalityColumns.map((c) => c.column_name), ['answers', 'id', 'submitted_month'])

    const audit = await t.database.dataSource.getRepository(AuditEvent).findBy({ subjectId: application.id })
    assert.deepEqual(audit.map((a) => [a.action, a.toStatus]), [['application.submitted', 'submitted']])

    const emails = await t.database.dataSource.getRepository(EmailMessage).find()
    assert.equal(emails.length, 1)
    assert.equal(emails[0]!.recipient, 'ada@example.org')
    assert.ok(emails[0]!.subject.includes(reference))
    assert.ok(emails[0]!.textBody.includes('Web developer'))
  })

  it('submitting twice, or replaying the request, makes one application and shows the same confirmation', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    const check = await agent.get('/apply/check').expect(200)
    const token = csrfTokenFrom(check)
    const [first, second] = await Promise.all([
      agent.post('/apply/check').type('form').send({ _csrf: token }),
      agent.post('/apply/check').type('form').send({ _csrf: token }),
    ])
    assert.equal(first.status, 303)
    assert.equal(second.status, 303)
    const replay = await agent.post('/apply/check').type('form').send({ _csrf: token }).expect(303)
    assert.equal(replay.headers.location, '/apply/confirmation')
    assert.equal(await t.database.dataSource.getRepository(Application).count(), 1)
    assert.equal(await t.database.dataSource.getRepository(EmailMessage).count(), 1)
  })

  it('a role that closed while the form was being filled in gets a clear message, and nothing is lost', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    const check = await agent.get('/apply/check').expect(200)
    await t.database.dataSource.getRepository(Role).update({ slug: 'content-manager' }, { status: 'closed' })
    const response = await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(400)
    assert.match(response.text, /The Content manager role has closed to applications/)
    assert.match(response.text, /<title>Error: /)
    assert.equal(await t.database.dataSource.getRepository(Application).count(), 0)
    // Continue with the role that is still open: everything else is still there.
    const roles = await submitPage(agent, '/apply/roles?change=1', { roles: ['web-developer'] }).then((r) => r)
    assert.equal(roles.status, 303)
    assert.equal(roles.headers.location, '/apply/check')
    const submitted = await submit(agent)
    assert.equal(submitted.status, 303)
    const application = await t.database.dataSource.getRepository(Application).findOneByOrFail({ email: 'ada@example.org' })
    assert.equal(application.fullName, 'Ada Lovelace')
  })

  it('a role past its closing date cannot be applied for', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    await t.database.dataSource.getRepository(Role).update({ slug: 'web-developer' }, { closesOn: '2020-01-01' })
    const response = await submit(agent)
    // The closed role drops out of the form, which asks again which roles to apply for.
    assert.ok([303, 400].includes(response.status))
    assert.equal(await t.database.dataSource.getRepository(Application).count(), 0)
  })

  it('"Apply for this role" preselects the role', async () => {
    const agent = request.agent(t.app)
    await agent.get('/apply?role=events-manager').expect(303)
    const page = await agent.get('/apply/roles').expect(200)
    assert.match(page.text, /value="events-manager" checked/)
  })

  it('Change links return to Check your answers', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    const response = await submitPage(agent, '/apply/name?change=1', { fullName: 'Ada King' })
    assert.equal(response.headers.location, '/apply/check')
    const check = await agent.get('/apply/check')
    assert.match(check.text, /Ada King/)
  })

  it('refuses a submission without a CSRF token', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    await agent.post('/apply/check').type('form').send({}).expect(403)
    await agent.post('/apply/check').type('form').send({ _csrf: 'wrong' }).expect(403)
    assert.equal(await t.database.dataSource.getRepository(Application).count(), 0)
  })
})

describe('validation', () => {
  async function expectError(step: string, fields: Record<string, string | string[]>, field: string, message: RegExp, prefill = true) {
    const agent = request.agent(t.app)
    if (prefill) await completeApplication(agent)
    else await agent.get('/apply').expect(303)
    const response = await submitPage(agent, `/apply/${step}`, fields)
    assert.equal(response.status, 400, `${step} should refuse ${JSON.stringify(fields)}`)
    assert.match(response.text, /<title>Error: /)
    assert.match(response.text, /class="nhsuk-error-summary"/)
    assert.match(response.text, new RegExp(`href="#${field}"`))
    assert.match(response.text, message)
    return response
  }

  it('requires at least one role, and only roles from the list', async () => {
    await expectError('roles', {}, 'roles', /Select at least one role/, false)
    await expectError('roles', { roles: ['no-such-role'] }, 'roles', /Select roles from the list/, false)
  })

  it('requires a different number for each role in the order of preference', async () => {
    await expectError('role-order', { 'rank-web-developer': '1', 'rank-content-manager': '1' }, 'rank-web-developer', /Give each role a different number/)
    await expectError('role-order', { 'rank-web-developer': '7', 'rank-content-manager': '1' }, 'rank-web-developer', /Choose a number from 1 to 2/)
  })

  it('requires a name, of sensible length, and keeps what was typed', async () => {
    await expectError('name', { fullName: '   ' }, 'fullName', /Enter your full name/)
    const response = await expectError('name', { fullName: 'A'.repeat(101) }, 'fullName', /100 characters or fewer/)
    assert.ok(response.text.includes(`value="${'A'.repeat(101)}"`))
  })

  it('checks the email address format', async () => {
    await expectError('email', { email: '' }, 'email', /Enter your email address/)
    const response = await expectError('email', { email: 'ada.example.org' }, 'email', /correct format/)
    assert.match(response.text, /value="ada\.example\.org"/)
  })

  it('checks the phone number only when one is given', async () => {
    await expectError('phone', { phone: 'call me' }, 'phone', /Enter a phone number/)
  })

  it('asks for organisation and job title when employed by the NHS', async () => {
    await expectError('nhs-employment', {}, 'nhsEmployed', /Select yes if you work for the NHS/)
    await expectError('nhs-employment', { nhsEmployed: 'yes', organisation: '', jobTitle: '' }, 'organisation', /Enter the name of the organisation/)
    await expectError('nhs-employment', { nhsEmployed: 'maybe' }, 'nhsEmployed', /Select yes if/)
  })

  it('refuses tampered options', async () => {
    await expectError('career-stage', { careerStage: 'wizard' }, 'careerStage', /Select where you are in your career/)
    await expectError('hours', { hours: '40' }, 'hours', /Select whether you can give about 2 hours a week/)
    await expectError('skills', { skills: ['Juggling'] }, 'skills', /Select skills from the list/)
    await expectError('equality', { 'equality-age': 'ancient' }, 'equality-age', /Select an option from the list/)
  })

  it('limits the motivation to 500 words', async () => {
    await expectError('motivation', { motivation: '' }, 'motivation', /Tell us why you would like to volunteer/)
    await expectError('motivation', { motivation: 'word '.repeat(501) }, 'motivation', /500 words or fewer/)
  })

  it('requires a skill, "None of these yet" or other skills', async () => {
    await expectError('skills', {}, 'skills', /Select the skills you have/)
    await expectError('skills', { skills: ['none-yet', 'GitHub'] }, 'skills', /or select ‘None of these yet’/)
    await expectError('skills', { skills: ['none-yet'], skillsOther: 'x'.repeat(501) }, 'skillsOther', /500 characters or fewer/)
  })

  it('checks the role questions from the role definition', async () => {
    await t.database.dataSource.getRepository(Role).update(
      { slug: 'web-developer' },
      {
        questions: [
          { key: 'portfolio', label: 'Link to your work', hint: null, type: 'text', required: true, options: [], maxLength: 20 },
          { key: 'tools', label: 'Tools you use', hint: null, type: 'choose-many', required: false, options: ['VS Code', 'Vim'], maxLength: null },
        ],
      },
    )
    const agent = request.agent(t.app)
    await completeApplication(agent, { ...validAnswers, 'questions/web-developer': { 'question-portfolio': 'https://example.org' } })
    const missing = await submitPage(agent, '/apply/questions/web-developer', { 'question-portfolio': '' })
    assert.equal(missing.status, 400)
    assert.match(missing.text, /Answer ‘Link to your work’/)
    const tampered = await submitPage(agent, '/apply/questions/web-developer', { 'question-portfolio': 'x', 'question-tools': ['Emacs'] })
    assert.equal(tampered.status, 400)
    assert.match(tampered.text, /Select options from the list/)
    const tooLong = await submitPage(agent, '/apply/questions/web-developer', { 'question-portfolio': 'x'.repeat(21) })
    assert.match(tooLong.text, /20 characters or fewer/)
  })

  it('requires consent', async () => {
    await expectError('consent', {}, 'consent', /Confirm that you agree/)
  })

  it('escapes hostile input everywhere it is shown, including the email', async () => {
    const hostile = '<script>alert(1)</script>'
    const agent = request.agent(t.app)
    await completeApplication(agent, {
      ...validAnswers,
      name: { fullName: `Eve ${hostile}` },
      motivation: { motivation: `I mean well ${hostile}` },
      skills: { skills: ['GitHub'], skillsOther: hostile },
      'questions/web-developer': { 'question-web-experience': hostile },
      'heard-about': { heardAbout: hostile },
      'nhs-employment': { nhsEmployed: 'yes', organisation: hostile, jobTitle: hostile },
    })
    const check = await agent.get('/apply/check').expect(200)
    assert.ok(!check.text.includes(hostile))
    assert.ok(check.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
    const nameError = await submitPage(agent, '/apply/name', { fullName: `${hostile}${'x'.repeat(100)}` })
    assert.equal(nameError.status, 400)
    assert.ok(!nameError.text.includes(hostile))
    await submit(agent)
    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ recipient: 'ada@example.org' })
    assert.ok(!email.html.includes(hostile))
    assert.ok(email.html.includes('&lt;script&gt;'))
  })
})

describe('save and come back later', () => {
  function resumeLinkFrom(text: string): string {
    const match = /\/apply\/resume\/([A-Za-z0-9_-]{43})/.exec(text)
    assert.ok(match, 'the email carries the link')
    return match[0]
  }

  it('saves the answers, emails a one-time link that brings them back, and keeps no raw token', async () => {
    const agent = request.agent(t.app)
    await agent.get('/apply?role=web-developer').expect(303)
    await submitPage(agent, '/apply/roles', { roles: ['web-developer'] })
    const saving = await submitPage(agent, '/apply/name', { fullName: 'Grace Hopper', action: 'save' })
    assert.equal(saving.headers.location, '/apply/save')
    const saved = await submitPage(agent, '/apply/save', { email: 'Grace@Example.org' })
    assert.equal(saved.headers.location, '/apply/saved')
    await agent.get('/apply/saved').expect(200)

    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ recipient: 'grace@example.org' })
    const link = resumeLinkFrom(sentText(email))
    const token = link.split('/').at(-1)!
    const drafts = await t.database.dataSource.query(`SELECT * FROM application_drafts`)
    assert.equal(drafts.length, 1)
    assert.ok(!JSON.stringify(drafts).includes(token), 'only the hash is stored')

    // A new browser: the GET only shows a button, so link scanners cannot use the link up.
    const later = request.agent(t.app)
    const landing = await later.get(link).expect(200)
    assert.equal(await t.database.dataSource.getRepository(ApplicationDraft).count(), 1)
    const resumed = await later.post(link).type('form').send({ _csrf: csrfTokenFrom(landing) }).expect(303)
    assert.equal(resumed.headers.location, '/apply/email')
    const namePage = await later.get('/apply/name').expect(200)
    assert.match(namePage.text, /value="Grace Hopper"/)
    // The draft moved to the new browser: the one it was saved on no longer finds it.
    assert.equal(await t.database.dataSource.getRepository(ApplicationDraft).count(), 1)
    assert.equal((await agent.get('/apply/name').expect(303)).headers.location, '/apply/not-found')

    // Single use.
    const again = await request.agent(t.app).get(link)
    assert.equal(again.status, 410)
    assert.match(again.text, /This link has expired or has already been used/)
  })

  it('refuses expired, altered and malformed links without changing anything', async () => {
    const agent = request.agent(t.app)
    await agent.get('/apply').expect(303)
    await submitPage(agent, '/apply/roles', { roles: ['web-developer'], action: 'save' })
    await submitPage(agent, '/apply/save', { email: 'alan@example.org' })
    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ recipient: 'alan@example.org' })
    const link = resumeLinkFrom(sentText(email))
    const altered = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A')
    assert.equal((await request(t.app).get(altered)).status, 410)
    assert.equal((await request(t.app).get('/apply/resume/not-a-token')).status, 410)
    await t.database.dataSource.query(`UPDATE application_drafts SET expires_at = now() - interval '1 minute'`)
    const later = request.agent(t.app)
    assert.equal((await later.get(link)).status, 410)
    assert.equal(await t.database.dataSource.getRepository(ApplicationDraft).count(), 1)
    assert.equal(await t.services.act(purgeExpiredDrafts, {}, SYSTEM), 1)
  })

  it('asks for a valid email address before saving', async () => {
    const agent = request.agent(t.app)
    await agent.get('/apply').expect(303)
    await submitPage(agent, '/apply/roles', { roles: ['web-developer'], action: 'save' })
    const response = await submitPage(agent, '/apply/save', { email: 'nope' })
    assert.equal(response.status, 400)
    assert.match(response.text, /<title>Error: /)
    assert.match(response.text, /value="nope"/)
  })

  it('submitting the application removes its saved draft', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    await submitPage(agent, '/apply/heard-about', { heardAbout: 'Slack', action: 'save' })
    await submitPage(agent, '/apply/save', { email: 'ada@example.org' })
    assert.equal(await t.database.dataSource.getRepository(ApplicationDraft).count(), 1)
    await submit(agent)
    assert.equal(await t.database.dataSource.getRepository(ApplicationDraft).count(), 0)
  })
})

describe('limits', () => {
  it(`sends at most ${LIMITS.draftSavesPerAddress.limit} saved-application emails to one address in an hour, keeping the answers`, async () => {
    const agent = request.agent(t.app)
    await agent.get('/apply').expect(303)
    await submitPage(agent, '/apply/roles', { roles: ['web-developer'], action: 'save' })
    const statuses: number[] = []
    for (let i = 0; i <= LIMITS.draftSavesPerAddress.limit; i += 1) statuses.push((await submitPage(agent, '/apply/save', { email: i % 2 ? 'SAVER@example.org' : 'saver@example.org' })).status)
    assert.deepEqual(statuses, [...Array(LIMITS.draftSavesPerAddress.limit).fill(303), 429])
    assert.equal(await t.database.dataSource.getRepository(EmailMessage).count(), LIMITS.draftSavesPerAddress.limit)
    const limited = await submitPage(agent, '/apply/save', { email: 'saver@example.org' })
    assert.match(limited.text, /Nothing you typed has been lost/)
    assert.match(limited.text, /nhsuk-header/)
    // Another address is not affected, and the answers are still there.
    assert.equal((await submitPage(agent, '/apply/save', { email: 'someone-else@example.org' })).status, 303)
    assert.match((await agent.get('/apply/roles').expect(200)).text, /value="web-developer"[^>]*checked/)
  })

  it(`takes at most ${LIMITS.applicationsPerAddress.limit} applications from one address in a day; the next keeps its answers`, async () => {
    for (let i = 0; i < LIMITS.applicationsPerAddress.limit; i += 1) {
      const agent = request.agent(t.app)
      await completeApplication(agent, { ...validAnswers, email: { email: i % 2 ? 'ADA@example.org' : 'ada@example.org' } })
      assert.equal((await submit(agent)).status, 303)
    }
    const agent = request.agent(t.app)
    await completeApplication(agent)
    const limited = await submit(agent)
    assert.equal(limited.status, 429)
    assert.match(limited.text, /You cannot send another application yet/)
    assert.match(limited.text, /Nothing you typed has been lost/)
    assert.ok(Number(limited.headers['retry-after']) > 23 * 60 * 60)
    assert.equal(await t.database.dataSource.getRepository(Application).count(), LIMITS.applicationsPerAddress.limit)
    const receipts = await t.database.dataSource.getRepository(EmailMessage).countBy({ template: 'application-received' })
    assert.equal(receipts, LIMITS.applicationsPerAddress.limit)
    // What was typed is kept: Check your answers still shows it.
    assert.match((await agent.get('/apply/check').expect(200)).text, /Ada@Example.org/i)
  })
})

describe('a role edited while someone is applying', () => {
  it('sends the applicant back to the role’s questions when a new required question appeared', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    await agent.get('/apply/check').expect(200)
    await t.database.dataSource.getRepository(Role).update(
      { slug: 'web-developer' },
      {
        questions: [
          ...roleSeeds.find((seed) => seed.slug === 'web-developer')!.questions,
          { key: 'github-name', label: 'Your GitHub user name', hint: null, type: 'text', required: true, options: [], maxLength: 50 },
        ],
      },
    )
    const check = await agent.get('/apply/check').expect(303)
    assert.equal(check.headers.location, '/apply/questions/web-developer')
    const page = await agent.get('/apply/questions/web-developer').expect(200)
    assert.match(page.text, /Your GitHub user name/)
    assert.match(page.text, /My own site on GitHub Pages\./, 'earlier answers are kept')
  })
})
