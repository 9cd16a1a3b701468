import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import request, { type Agent, type Response } from 'supertest'
import { Role } from '../../src/entities/index.ts'
import type { ApplyAnswers } from '../../src/domain/application-answers.ts'
import { roleSeeds } from '../../seeds/roles.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { completeApplication, submitPage, validAnswers } from '../helpers/apply-journey.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { createStaff, signIn } from '../helpers/staff.ts'
import { submitApplication } from '../../src/actions/apply/submit-application.ts'
import { APPLICANT } from '../../src/services/audit.ts'

const t = useTestApp()
beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['audit_events', 'email_messages', 'equality_responses', 'one_time_tokens', 'rate_limit_hits', 'staff_tokens', 'staff_users'] })
  // The seeded roles as the post describes them, all open.
  for (const seed of roleSeeds) {
    await t.database.dataSource
      .getRepository(Role)
      .update(
        { slug: seed.slug },
        {
          title: seed.title,
          skills: seed.skills,
          hoursPerWeek: seed.hoursPerWeek,
          nhsEmploymentPreferred: seed.nhsEmploymentPreferred,
          questions: seed.questions,
          status: 'open',
          closesOn: null,
        },
      )
  }
  t.services.roles.changed()
})

type Fields = Record<string, string | string[]>

const ANSWERS = {
  hours: 'yes',
  nhsEmployed: 'yes',
  careerStage: 'experienced',
  skills: ['HTML/CSS', 'GitHub'],
} satisfies Fields

/** Answers the questions and returns the agent, with the answers in its session. */
async function answerQuestions(fields: Fields = ANSWERS, agent = request.agent(t.app)): Promise<Agent> {
  const response = await submitPage(agent, '/match', fields)
  assert.equal(response.status, 303, `POST /match answered ${response.status}`)
  assert.equal(response.headers.location, '/match/results')
  return agent
}

/** The role titles on the results page, in the order shown, when they are ranked (numbered). */
function rankedTitles(page: Response): string[] {
  return [...page.text.matchAll(/<h2 class="nhsuk-card__heading nhsuk-heading-m"><span class="nhsuk-u-visually-hidden">\d+\. <\/span>([^<]+)<\/h2>/g)].map((m) => m[1]!)
}

/** The role titles on the results page, in the order shown, when they are not ranked. */
function unrankedTitles(page: Response): string[] {
  return [...page.text.matchAll(/<h2 class="nhsuk-card__heading nhsuk-heading-m">([^<]+)<\/h2>/g)].map((m) => m[1]!)
}

const NOT_RANKED = /Nothing in your answers points to one role more than another yet, so these roles are not ranked/

/** Whether the radio or checkbox with this name and value is checked. */
function isChecked(page: Response, name: string, value: string): boolean {
  const input = [...page.text.matchAll(/<input[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`name="${name}"`) && tag.includes(`value="${value}"`))
  assert.ok(input, `an input ${name}=${value}`)
  return / checked/.test(input)
}

describe('/match: the questions', () => {
  it('asks the questions, offering every open role’s skills once and "None of these yet"', async () => {
    const page = await request(t.app).get('/match').expect(200)
    assert.match(page.text, /<title>Find a role that suits you - /)
    assert.match(page.text, /<h1>Find a role that suits you<\/h1>/)
    for (const legend of ['Can you give about 2 hours a week?', 'Do you work for the NHS or a health or care organisation?', 'Which best describes where you are in your career?', 'Which of these skills do you have?', 'Which roles interest you? (optional)']) {
      assert.ok(page.text.includes(legend), legend)
    }
    const skills = [...page.text.matchAll(/name="skills" type="checkbox" value="([^"]+)"/g)].map((m) => m[1])
    const union = [...new Set(roleSeeds.flatMap((role) => role.skills))]
    assert.deepEqual(skills, [...union, 'none-yet'])
    for (const seed of roleSeeds) assert.ok(isChecked(page, 'interests', seed.slug) === false)
  })

  it('requires the answers, with the NHS error pattern', async () => {
    const agent = request.agent(t.app)
    const response = await submitPage(agent, '/match', {})
    assert.equal(response.status, 400)
    assert.match(response.text, /<title>Error: Find a role that suits you - /)
    assert.match(response.text, /class="nhsuk-error-summary"/)
    for (const [field, message] of [
      ['hours', 'Select whether you can give about 2 hours a week'],
      ['nhsEmployed', 'Select yes if you work for the NHS or a health or care organisation'],
      ['careerStage', 'Select where you are in your career, or prefer not to say'],
      ['skills', 'Select the skills you have, or select ‘None of these yet’'],
    ]) {
      assert.match(response.text, new RegExp(`<a href="#${field}">\\s*${message}\\s*</a>`), field)
      assert.match(response.text, new RegExp(`id="${field}-error"`), `${field} has an inline message`)
    }
    assert.doesNotMatch(response.text, /href="#interests"/, 'interests are optional')
  })

  it('keeps what was answered when something is missing', async () => {
    const agent = request.agent(t.app)
    const response = await submitPage(agent, '/match', { hours: 'not-sure', careerStage: 'student', skills: ['GitHub'], interests: ['events-manager'] })
    assert.equal(response.status, 400)
    assert.match(response.text, /href="#nhsEmployed"/)
    assert.doesNotMatch(response.text, /href="#hours"/)
    assert.ok(isChecked(response, 'hours', 'not-sure'))
    assert.ok(isChecked(response, 'careerStage', 'student'))
    assert.ok(isChecked(response, 'skills', 'GitHub'))
    assert.ok(!isChecked(response, 'skills', 'Python'))
    assert.ok(isChecked(response, 'interests', 'events-manager'))
  })

  it('refuses answers that are not on the list', async () => {
    const agent = request.agent(t.app)
    const cases: [Fields, string, RegExp][] = [
      [{ ...ANSWERS, hours: '40' }, 'hours', /Select whether you can give about 2 hours a week/],
      [{ ...ANSWERS, nhsEmployed: 'maybe' }, 'nhsEmployed', /Select yes if you work for the NHS/],
      [{ ...ANSWERS, careerStage: 'wizard' }, 'careerStage', /Select where you are in your career/],
      [{ ...ANSWERS, skills: ['Juggling'] }, 'skills', /Select skills from the list/],
      [{ ...ANSWERS, skills: ['none-yet', 'GitHub'] }, 'skills', /not both/],
      [{ ...ANSWERS, interests: ['no-such-role'] }, 'interests', /Select roles from the list/],
    ]
    for (const [fields, field, message] of cases) {
      const response = await submitPage(agent, '/match', fields)
      assert.equal(response.status, 400, JSON.stringify(fields))
      assert.match(response.text, new RegExp(`href="#${field}"`))
      assert.match(response.text, message)
    }
  })

  it('refuses a POST without the CSRF token', async () => {
    await request(t.app).post('/match').type('form').send(ANSWERS).expect(403)
  })

  it('sends people without answers from the results back to the questions', async () => {
    const response = await request(t.app).get('/match/results').expect(303)
    assert.equal(response.headers.location, '/match')
  })
})

describe('/match: the results', () => {
  it('ranks the open roles with the score in words, the reasons and an Apply button each', async () => {
    const agent = await answerQuestions()
    const page = await agent.get('/match/results').expect(200)
    assert.equal(page.headers['cache-control'], 'no-store')
    assert.match(page.text, /<title>Roles that suit you - /)
    // Then the roles that would ideally suit someone employed by the NHS, as this person is.
    assert.deepEqual(rankedTitles(page), ['Web developer', 'Community manager', 'Events manager', 'Content manager'])
    assert.match(page.text, /These are the open roles, best match first/)
    assert.doesNotMatch(page.text, NOT_RANKED)
    assert.match(page.text, /<ol class="nhsuk-list app-match-list"/)
    assert.equal([...page.text.matchAll(/>\s*Good match\s*</g)].length, 1, 'only the role with skills in common is a good match')
    assert.equal([...page.text.matchAll(/>\s*Possible match\s*</g)].length, 3)
    assert.match(page.text, /Skills: HTML\/CSS, GitHub/)
    assert.match(page.text, /Meets the ~2 hours a week/)
    assert.match(page.text, /Employed by the NHS \(preferred for this role\)/)
    assert.match(page.text, /You have not used Python, Accessibility and Writing and editing yet: the role is a chance to learn them/)
    for (const seed of roleSeeds) assert.ok(page.text.includes(`href="/apply?role=${seed.slug}&amp;from=match"`), seed.slug)
    assert.equal([...page.text.matchAll(/>Apply for this role</g)].length, 4)
    assert.match(page.text, /<a href="\/match">Change your answers<\/a>/)
  })

  it('says plainly when nothing distinguishes the roles, and NHS employment only breaks the tie', async () => {
    const nhs = await (await answerQuestions({ ...ANSWERS, skills: ['none-yet'] })).get('/match/results').expect(200)
    const notNhs = await (await answerQuestions({ ...ANSWERS, skills: ['none-yet'], nhsEmployed: 'no' })).get('/match/results').expect(200)
    for (const page of [nhs, notNhs]) {
      assert.match(page.text, NOT_RANKED)
      assert.doesNotMatch(page.text, /best match first/)
      assert.deepEqual(rankedTitles(page), [], 'not numbered')
      assert.match(page.text, /<ul class="nhsuk-list app-match-list"/)
      assert.equal([...page.text.matchAll(/>\s*Possible match\s*</g)].length, 4, 'no role is called a good match')
    }
    assert.deepEqual(unrankedTitles(nhs), ['Community manager', 'Events manager', 'Web developer', 'Content manager'])
    assert.match(nhs.text, /The roles that would ideally suit someone employed by the NHS come first, then the others in their usual order/)
    // Not employed by the NHS: the usual order, not the one role without an NHS preference first.
    assert.deepEqual(unrankedTitles(notNhs), ['Community manager', 'Content manager', 'Events manager', 'Web developer'])
    assert.match(notNhs.text, /They are in their usual order/)
    assert.match(notNhs.text, /This role would ideally suit someone employed by the NHS, but you can still apply/)
  })

  it('ranks by the skill in common, not by the NHS preference', async () => {
    const page = await (await answerQuestions({ ...ANSWERS, nhsEmployed: 'no', careerStage: 'early-career' })).get('/match/results').expect(200)
    assert.equal(rankedTitles(page)[0], 'Web developer')
    const events = await (await answerQuestions({ ...ANSWERS, nhsEmployed: 'no', skills: ['Event organisation'] })).get('/match/results').expect(200)
    assert.equal(rankedTitles(events)[0], 'Events manager')
  })

  it('an interest lifts a role and says why', async () => {
    const page = await (await answerQuestions({ ...ANSWERS, skills: ['none-yet'], nhsEmployed: 'no', interests: ['web-developer'] })).get('/match/results').expect(200)
    assert.equal(rankedTitles(page)[0], 'Web developer')
    assert.doesNotMatch(page.text, NOT_RANKED)
    assert.match(page.text, /You said you are interested in this role/)
  })

  it('shows only open roles, in the questions and in the results', async () => {
    await t.database.dataSource.getRepository(Role).update({ slug: 'events-manager' }, { status: 'closed' })
    await t.database.dataSource.getRepository(Role).update({ slug: 'content-manager' }, { status: 'draft' })
    t.services.roles.changed()
    const questions = await request(t.app).get('/match').expect(200)
    assert.doesNotMatch(questions.text, /Event organisation/, 'a skill only the closed role draws on')
    assert.doesNotMatch(questions.text, /value="events-manager"/)
    assert.doesNotMatch(questions.text, /Content curation/)
    const page = await (await answerQuestions()).get('/match/results').expect(200)
    assert.deepEqual(rankedTitles(page), ['Web developer', 'Community manager'])
    assert.doesNotMatch(page.text, /Events manager|Content manager/)
  })

  it('says so when no role is open', async () => {
    const agent = await answerQuestions()
    await t.database.dataSource.query(`UPDATE roles SET status = 'closed'`)
    t.services.roles.changed()
    const page = await agent.get('/match/results').expect(200)
    assert.match(page.text, /There are no roles open right now/)
    assert.deepEqual(rankedTitles(page), [])
  })

  it('"Change your answers" shows the answers again, ready to change', async () => {
    const agent = await answerQuestions({ ...ANSWERS, interests: ['web-developer'] })
    const page = await agent.get('/match').expect(200)
    assert.ok(isChecked(page, 'hours', 'yes'))
    assert.ok(isChecked(page, 'nhsEmployed', 'yes'))
    assert.ok(isChecked(page, 'careerStage', 'experienced'))
    assert.ok(isChecked(page, 'skills', 'HTML/CSS') && isChecked(page, 'skills', 'GitHub'))
    assert.ok(isChecked(page, 'interests', 'web-developer'))
    await answerQuestions({ ...ANSWERS, nhsEmployed: 'no' }, agent)
    assert.ok(isChecked(await agent.get('/match').expect(200), 'nhsEmployed', 'no'))
  })

  it('escapes what it shows: role data and anything sent', async () => {
    const hostile = '<script>alert("x")</script>'
    await t.database.dataSource
      .getRepository(Role)
      .update({ slug: 'web-developer' }, { title: `Web ${hostile}`, skills: ['HTML/CSS', `<img src=x onerror=alert(1)>`] })
    t.services.roles.changed()
    const questions = await request(t.app).get('/match').expect(200)
    assert.ok(!questions.text.includes(hostile) && !questions.text.includes('<img src=x'))
    assert.ok(questions.text.includes('&lt;img src=x onerror=alert(1)&gt;'))
    const agent = request.agent(t.app)
    const refused = await submitPage(agent, '/match', { ...ANSWERS, skills: [hostile], interests: [hostile], careerStage: hostile })
    assert.equal(refused.status, 400)
    assert.ok(!refused.text.includes(hostile), 'sent values are never echoed unescaped')
    await answerQuestions({ ...ANSWERS, skills: ['<img src=x onerror=alert(1)>'] }, agent)
    const page = await agent.get('/match/results').expect(200)
    assert.ok(!page.text.includes(hostile) && !page.text.includes('<img src=x'))
    assert.ok(page.text.includes('Web &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;') || page.text.includes('Web &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'))
  })
})

describe('"Apply for this role" from the results', () => {
  const MATCHED = { hours: 'not-sure', nhsEmployed: 'no', careerStage: 'student', skills: ['GitHub', 'Writing and editing', 'Leadership'] } satisfies Fields

  it('carries the answers into the application, which can still change them', async () => {
    const agent = await answerQuestions(MATCHED)
    const start = await agent.get('/apply?role=web-developer&from=match').expect(303)
    assert.equal(start.headers.location, '/apply/roles')
    assert.ok(isChecked(await agent.get('/apply/roles').expect(200), 'roles', 'web-developer'))
    assert.ok(isChecked(await agent.get('/apply/hours').expect(200), 'hours', 'not-sure'))
    assert.ok(isChecked(await agent.get('/apply/nhs-employment').expect(200), 'nhsEmployed', 'no'))
    assert.ok(isChecked(await agent.get('/apply/career-stage').expect(200), 'careerStage', 'student'))
    const skills = await agent.get('/apply/skills').expect(200)
    // Only the skills the chosen role draws on: Leadership is not one of the web developer's.
    assert.ok(isChecked(skills, 'skills', 'GitHub'))
    assert.ok(isChecked(skills, 'skills', 'Writing and editing'))
    assert.ok(!isChecked(skills, 'skills', 'HTML/CSS'))
    assert.doesNotMatch(skills.text, /value="Leadership"/)

    const changed = await submitPage(agent, '/apply/hours', { hours: 'yes' })
    assert.equal(changed.status, 303)
    assert.ok(isChecked(await agent.get('/apply/hours').expect(200), 'hours', 'yes'))
  })

  it('the carried answers see the application through to Check your answers and a submitted application', async () => {
    const agent = await answerQuestions({ ...MATCHED, nhsEmployed: 'yes' })
    await agent.get('/apply?role=web-developer&from=match').expect(303)
    // Answer only what /match did not ask; "yes" to NHS employment still needs the organisation.
    const pages: [string, Fields][] = [
      ['roles', { roles: ['web-developer'] }],
      ['name', validAnswers.name],
      ['email', validAnswers.email],
      ['phone', validAnswers.phone],
      ['nhs-employment', { nhsEmployed: 'yes', organisation: 'Leeds Teaching Hospitals', jobTitle: 'Student nurse' }],
      ['motivation', validAnswers.motivation],
      ['questions/web-developer', validAnswers['questions/web-developer']],
      ['heard-about', validAnswers['heard-about']],
      ['consent', validAnswers.consent],
      ['equality', {}],
    ]
    for (const [step, fields] of pages) assert.equal((await submitPage(agent, `/apply/${step}`, fields)).status, 303, step)
    const check = await agent.get('/apply/check').expect(200)
    assert.match(check.text, /I am not sure yet/)
    assert.match(check.text, /Student/)
    assert.match(check.text, /GitHub/)
    await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303)
    const [row] = await t.database.dataSource.query(`SELECT hours_available, career_stage, skills, nhs_employed FROM applications`)
    assert.deepEqual(row, { hours_available: 'not-sure', career_stage: 'student', skills: ['GitHub', 'Writing and editing'], nhs_employed: true })
  })

  it('a "yes" to NHS employment from /match still asks for the organisation before Check your answers', async () => {
    const agent = await answerQuestions({ ...MATCHED, nhsEmployed: 'yes' })
    await agent.get('/apply?role=web-developer&from=match').expect(303)
    const check = await agent.get('/apply/check').expect(303)
    assert.equal(check.headers.location, '/apply/name')
    await submitPage(agent, '/apply/name', validAnswers.name)
    await submitPage(agent, '/apply/email', validAnswers.email)
    await submitPage(agent, '/apply/phone', validAnswers.phone)
    assert.equal((await agent.get('/apply/check').expect(303)).headers.location, '/apply/nhs-employment')
  })

  it('"None of these yet" is carried too', async () => {
    const agent = await answerQuestions({ ...MATCHED, skills: ['none-yet'] })
    await agent.get('/apply?role=events-manager&from=match').expect(303)
    assert.ok(isChecked(await agent.get('/apply/skills').expect(200), 'skills', 'none-yet'))
  })

  it('does not overwrite what the application already has, and does nothing without from=match', async () => {
    const agent = await answerQuestions(MATCHED)
    await agent.get('/apply?role=web-developer').expect(303)
    assert.ok(!isChecked(await agent.get('/apply/hours').expect(200), 'hours', 'not-sure'), 'not from a match result')
    await submitPage(agent, '/apply/hours', { hours: 'no' })
    await agent.get('/apply?role=content-manager&from=match').expect(303)
    assert.ok(isChecked(await agent.get('/apply/hours').expect(200), 'hours', 'no'), 'the application’s own answer stays')
    assert.ok(isChecked(await agent.get('/apply/career-stage').expect(200), 'careerStage', 'student'), 'an unanswered one is filled in')
  })
})

describe('"You might also like" in the application', () => {
  // Content manager only, an apprentice with Communication: the events manager role fits as well.
  const steps = {
    roles: { roles: ['content-manager'] },
    name: validAnswers.name,
    email: validAnswers.email,
    phone: validAnswers.phone,
    'nhs-employment': validAnswers['nhs-employment'],
    'career-stage': validAnswers['career-stage'],
    hours: validAnswers.hours,
    motivation: validAnswers.motivation,
    skills: { skills: ['Communication'], skillsOther: '' },
    'questions/content-manager': validAnswers['questions/content-manager'],
    'heard-about': validAnswers['heard-about'],
    consent: validAnswers.consent,
    equality: validAnswers.equality,
  }

  async function upToSkills(agent: Agent) {
    const { skills, ...before } = steps
    const untilSkills = Object.fromEntries(Object.entries(before).slice(0, Object.keys(before).indexOf('motivation') + 1))
    await completeApplication(agent, untilSkills)
    return submitPage(agent, '/apply/skills', skills)
  }

  it('follows the skills page when another open role fits as well, with a way to add it', async () => {
    const agent = request.agent(t.app)
    const response = await upToSkills(agent)
    assert.equal(response.status, 303)
    assert.equal(response.headers.location, '/apply/suggestions')
    const page = await agent.get('/apply/suggestions').expect(200)
    assert.match(page.text, /<h1>You might also like<\/h1>/)
    assert.match(page.text, /Events manager/)
    assert.doesNotMatch(page.text, /<h2[^>]*>Web developer/)
    assert.match(page.text, /Skills: Communication/)
    assert.match(page.text, /href="\/apply\/roles\?change=1"/)
    assert.match(page.text, /href="\/apply\/questions\/content-manager"[^>]*>Continue</)
    assert.match(page.text, /href="\/apply\/skills"/, 'back to the skills page')
  })

  it('adding a suggested role asks only what the new role needs (where it comes, its questions), then returns to Check your answers', async () => {
    const agent = request.agent(t.app)
    await upToSkills(agent)
    const rest = ['questions/content-manager', 'heard-about', 'consent', 'equality'] as const
    for (const step of rest) assert.equal((await submitPage(agent, `/apply/${step}`, steps[step])).status, 303)
    const added = await submitPage(agent, '/apply/roles?change=1', { roles: ['content-manager', 'events-manager'] })
    assert.equal(added.headers.location, '/apply/role-order?change=1')
    const ordered = await submitPage(agent, '/apply/role-order?change=1', { 'rank-content-manager': '2', 'rank-events-manager': '1' })
    assert.equal(ordered.headers.location, '/apply/questions/events-manager?change=1')
    const questions = await submitPage(agent, '/apply/questions/events-manager?change=1', {})
    assert.equal(questions.headers.location, '/apply/check')
  })

  it('is skipped when there is nothing to suggest', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent, Object.fromEntries(Object.entries(validAnswers).slice(0, Object.keys(validAnswers).indexOf('motivation') + 1)))
    const response = await submitPage(agent, '/apply/skills', validAnswers.skills)
    assert.equal(response.headers.location, '/apply/questions/web-developer')
    const direct = await agent.get('/apply/suggestions').expect(303)
    assert.equal(direct.headers.location, '/apply/questions/web-developer')
  })

  it('is not shown when changing an answer from Check your answers', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent, steps)
    const response = await submitPage(agent, '/apply/skills?change=1', steps.skills)
    assert.equal(response.headers.location, '/apply/check')
  })
})

describe('the match breakdown on the review page', () => {
  const answers: ApplyAnswers = {
    roles: ['web-developer', 'content-manager'],
    fullName: 'Ada Lovelace',
    email: 'ada@example.org',
    phone: '',
    nhsEmployed: 'yes',
    organisation: 'Barts Health NHS Trust',
    jobTitle: 'Apprentice data analyst',
    careerStage: 'apprentice',
    hours: 'yes',
    motivation: 'I would love to help.',
    skills: ['HTML/CSS', 'GitHub'],
    skillsOther: '',
    roleAnswers: {},
    heardAbout: '',
    consent: true,
    equality: {},
  }

  it('shows, per chosen role in order of preference, the score in words and the reasons', async () => {
    const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers }, APPLICANT)
    // Closed since: the breakdown still uses the role's definition.
    await t.database.dataSource.getRepository(Role).update({ slug: 'content-manager' }, { status: 'closed' })
    const user = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    assert.equal((await signIn(agent, user)).status, 303)
    const page = await agent.get(`/review/applications/${reference}`).expect(200)
    assert.match(page.text, /How their answers match the roles/)
    const breakdown = page.text.slice(page.text.indexOf('How their answers match the roles'))
    const web = breakdown.indexOf('Web developer (choice 1)')
    const content = breakdown.indexOf('Content manager (choice 2)')
    assert.ok(web > 0 && content > web, 'in order of preference')
    const webPart = breakdown.slice(web, content)
    assert.match(webPart, /Very good match|Good match/)
    assert.match(webPart, /Skills: HTML\/CSS, GitHub/)
    assert.match(webPart, /Employed by the NHS \(preferred for this role\)/)
    assert.match(webPart, /Has not used Python, Accessibility and Writing and editing yet/)
    assert.match(breakdown.slice(content), /Has not used Writing and editing, Social media, Communication and Content curation yet/)
    assert.doesNotMatch(breakdown.slice(0, breakdown.indexOf('</main>')), /You said|you can still apply/)
  })

  /** The breakdown for one chosen role on the review page, as a board member sees it. */
  async function breakdownFor(reference: string, heading: string): Promise<string> {
    const agent = request.agent(t.app)
    assert.equal((await signIn(agent, await createStaff(t, ['board-member']))).status, 303)
    const page = await agent.get(`/review/applications/${reference}`).expect(200)
    const breakdown = page.text.slice(page.text.indexOf('How their answers match the roles'), page.text.indexOf('</main>'))
    const start = breakdown.indexOf(heading)
    assert.ok(start > 0, heading)
    const end = breakdown.indexOf('<h3', start + 1)
    return breakdown.slice(start, end > 0 ? end : undefined)
  }

  it('uses each role as it was when they applied, not as edited since', async () => {
    // Applied through the form: web developer first, HTML/CSS and GitHub, employed by the NHS.
    const applicant = request.agent(t.app)
    await completeApplication(applicant)
    assert.equal((await submitForm(applicant, '/apply/check')).status, 303)
    const reference = /PYC-[2-9A-Z]{4}-[2-9A-Z]{4}/.exec((await applicant.get('/apply/confirmation').expect(200)).text)?.[0]
    assert.ok(reference)
    const web = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'web-developer' })
    const [snapshot] = await t.database.dataSource.query(
      `SELECT role_hours_per_week, role_nhs_employment_preferred, role_skills FROM application_roles WHERE role_id = $1`,
      [web.id],
    )
    assert.deepEqual(snapshot, { role_hours_per_week: 2, role_nhs_employment_preferred: true, role_skills: web.skills })

    // Since then a community manager has changed the role's skills, and its hours and NHS preference.
    const manager = request.agent(t.app)
    assert.equal((await signIn(manager, await createStaff(t, ['community-manager']))).status, 303)
    const form = await manager.get(`/admin/roles/${web.id}/skills`).expect(200)
    const version = /name="version" value="(\d+)"/.exec(form.text)?.[1]
    await manager.post(`/admin/roles/${web.id}/skills`).type('form').send({ _csrf: csrfTokenFrom(form), version, skills: 'Django\nPython' }).expect(303)
    await t.database.dataSource.getRepository(Role).update({ id: web.id }, { hoursPerWeek: 5, nhsEmploymentPreferred: false })
    t.services.roles.changed()
    assert.match((await request(t.app).get('/match').expect(200)).text, /value="Django"/, '/match has the role as it is now')

    const webPart = await breakdownFor(reference, 'Web developer (choice 1)')
    assert.match(webPart, /Skills: HTML\/CSS, GitHub/)
    assert.match(webPart, /Has not used Python, Accessibility and Writing and editing yet/)
    assert.match(webPart, /Meets the ~2 hours a week/)
    assert.match(webPart, /Employed by the NHS \(preferred for this role\)/)
    assert.match(webPart, /Very good match/, 'the skills and the interest of choosing it')
    assert.doesNotMatch(webPart, /Django|5 hours|as it is now/)
  })

  it('uses the role as it is now for an application made before the role’s skills were kept', async () => {
    const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers }, APPLICANT)
    const web = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'web-developer' })
    // The three go together: a row cannot keep some and not the others.
    await assert.rejects(
      t.database.dataSource.query(`UPDATE application_roles SET role_skills = NULL WHERE role_id = $1`, [web.id]),
      /application_roles_match_snapshot_check/,
    )
    await t.database.dataSource.query(
      `UPDATE application_roles SET role_hours_per_week = NULL, role_nhs_employment_preferred = NULL, role_skills = NULL WHERE role_id = $1`,
      [web.id],
    )
    await t.database.dataSource.getRepository(Role).update({ id: web.id }, { skills: ['HTML/CSS', 'Django'] })
    t.services.roles.changed()

    const webPart = await breakdownFor(reference, 'Web developer (choice 1)')
    assert.match(webPart, /Against the role as it is now: this application does not record the role’s hours, NHS preference and skills when they applied/)
    assert.match(webPart, /Skills: HTML\/CSS/)
    assert.match(webPart, /Has not used Django yet/)
    const contentPart = await breakdownFor(reference, 'Content manager (choice 2)')
    assert.doesNotMatch(contentPart, /as it is now/, 'the other role kept its snapshot')
  })
})
