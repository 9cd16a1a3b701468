import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import request, { type Agent, type Response } from 'supertest'
import type { StaffRole } from '../../src/domain/staff-roles.ts'
import type { ApplyAnswers } from '../../src/domain/application-answers.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { applicationAnswers } from '../helpers/review.ts'
import { signedInStaff } from '../helpers/staff.ts'
import { submitApplication as submit } from '../../src/actions/apply/submit-application.ts'
import { APPLICANT } from '../../src/services/audit.ts'

const t = useTestApp()

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['application_drafts', 'equality_responses', 'one_time_tokens'] })
  await t.database.dataSource.query(`UPDATE settings SET quorum = 2, blind_review = true WHERE id = 1`)
})

const answers: ApplyAnswers = applicationAnswers({
  roles: ['web-developer', 'content-manager'],
  email: 'ada.lovelace@example.org',
  motivation: 'I would love to help the community grow and learn HTML and CSS along the way.',
  skillsOther: 'A short course in Python',
  roleAnswers: { 'web-developer': { 'web-experience': 'My own site on GitHub Pages.' }, 'content-manager': { 'content-example': '' } },
  equality: { 'equality-age': 'under-25', 'equality-sex': 'prefer-not-to-say' },
})

async function submitApplication(overrides: Partial<ApplyAnswers> = {}): Promise<string> {
  const { reference } = await t.services.act(submit, { submissionKey: randomUUID(), answers: { ...answers, ...overrides } }, APPLICANT)
  return reference
}

const url = (reference: string) => `/review/applications/${reference}`

const signedIn = (roles: StaffRole[], name?: string) => signedInStaff(t, roles, name)

/** The score fields on the page's score sheet, e.g. score-1-commitment. */
function scoreNames(page: Response): string[] {
  return [...new Set([...page.text.matchAll(/name="(score-[^"]+)"/g)].map((match) => match[1]!))]
}

/** Fills in the score sheet: every criterion `score` unless overridden. */
async function postReview(agent: Agent, reference: string, fields: Record<string, string> = {}, score = '4') {
  const page = await agent.get(url(reference)).expect(200)
  const names = scoreNames(page)
  assert.ok(names.length > 0, 'the page has a score sheet')
  const body = { _csrf: csrfTokenFrom(page), ...Object.fromEntries(names.map((name) => [name, score])), recommendation: 'appoint', comment: '', ...fields }
  return agent.post(`${url(reference)}/review`).type('form').send(body)
}

async function applicationRow(reference: string): Promise<{ id: string; status: string; version: number }> {
  const [row] = await t.database.dataSource.query(`SELECT id, status, version FROM applications WHERE reference = $1`, [reference])
  return row
}

async function reviewCount(reference: string): Promise<number> {
  const [row] = await t.database.dataSource.query(
    `SELECT count(*)::int AS count FROM reviews r JOIN applications a ON a.id = r.application_id WHERE a.reference = $1`,
    [reference],
  )
  return row.count
}

async function auditActions(reference: string): Promise<{ action: string; from_status: string | null; to_status: string | null; actor_id: string | null }[]> {
  const { id } = await applicationRow(reference)
  return t.database.dataSource.query(`SELECT action, from_status, to_status, actor_id FROM audit_events WHERE subject_id = $1 ORDER BY id`, [id])
}

/** The error summary links `message` to the field with this id. */
function assertSummaryLink(page: Response, id: string, message: string) {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  assert.match(page.text, new RegExp(`<a href="#${id}">\\s*${escaped}\\s*</a>`), `the error summary links "${message}" to #${id}`)
}

const IDENTITY = ['Ada Lovelace', 'ada.lovelace@example.org', '07700 900982', 'Barts Health NHS Trust', 'Apprentice data analyst']

describe('who may see an application', () => {
  it('sends anonymous people to sign in, refuses an admin who is not a reviewer, and 404s unknown, erased and malformed references', async () => {
    const reference = await submitApplication()
    await request(t.app).get(url(reference)).expect(303).expect('Location', '/sign-in')

    const admin = await signedIn(['admin'])
    await admin.agent.get(url(reference)).expect(403)

    const { agent } = await signedIn(['board-member'])
    await agent.get(url(reference)).expect(200)
    const last = reference.at(-1) === '2' ? '3' : '2'
    await agent.get(url(reference.slice(0, -1) + last)).expect(404)
    for (const malformed of ['not-a-reference', 'PYC-0000-0000', 'PYC-4K7M', '..%2F..%2Fadmin']) await agent.get(url(malformed)).expect(404)

    await t.database.dataSource.query(`UPDATE applications SET erased_at = now(), full_name = NULL, email = NULL WHERE reference = $1`, [reference])
    await agent.get(url(reference)).expect(404)
    const page = await agent.get(url(reference))
    assert.doesNotMatch(page.text, /Ada Lovelace/)
  })

  it('shows the answers, including each role’s own questions, and never equality data', async () => {
    const reference = await submitApplication()
    const { agent } = await signedIn(['board-member'])
    const page = await agent.get(url(reference)).expect(200)
    assert.match(page.text, /<title>Application PYC-/)
    for (const text of [
      'Web developer',
      'Content manager',
      'Roles, in order of preference',
      'Apprentice',
      'I would love to help the community grow',
      'HTML/CSS, GitHub',
      'A short course in Python',
      'Tell us about any website or code you have worked on',
      'My own site on GitHub Pages.',
      'Slack',
      'Keen to develop HTML/CSS skills',
      'Enthusiasm for helping others publish their work',
    ]) {
      assert.ok(page.text.includes(text), `shows ${text}`)
    }
    assert.ok(page.text.indexOf('Web developer') < page.text.indexOf('Content manager'), 'roles in order of preference')
    assert.doesNotMatch(page.text, /under-25|Under 25|equality/i)
    assert.match(page.text, /0 reviews so far, 2 needed/)
  })

  it('does not change anything on GET', async () => {
    const reference = await submitApplication()
    const { agent } = await signedIn(['board-member'])
    const before = await applicationRow(reference)
    await agent.get(url(reference)).expect(200)
    await agent.get(`${url(reference)}/conflict`).expect(200)
    assert.deepEqual(await applicationRow(reference), before)
    assert.equal(await reviewCount(reference), 0)
    const [conflicts] = await t.database.dataSource.query(`SELECT count(*)::int AS count FROM conflicts_of_interest`)
    assert.equal(conflicts.count, 0)
  })
})

describe('blind review', () => {
  it('hides identity from board members until shortlisting; community managers always see it', async () => {
    const reference = await submitApplication()
    const member = await signedIn(['board-member'])
    const manager = await signedIn(['community-manager'])

    const blind = await member.agent.get(url(reference)).expect(200)
    for (const text of IDENTITY) assert.ok(!blind.text.includes(text), `hides ${text}`)
    assert.match(blind.text, /Hidden until shortlisted/)

    const seen = await manager.agent.get(url(reference)).expect(200)
    for (const text of IDENTITY) assert.ok(seen.text.includes(text), `shows ${text} to the community manager`)
    assert.doesNotMatch(seen.text, /Hidden until shortlisted/)

    await t.database.dataSource.query(`UPDATE applications SET status = 'in_review' WHERE reference = $1`, [reference])
    assert.match((await member.agent.get(url(reference))).text, /Hidden until shortlisted/)

    // Turned down or withdrawn before any shortlisting: still hidden, as in the queue.
    for (const status of ['unsuccessful', 'withdrawn']) {
      await t.database.dataSource.query(`UPDATE applications SET status = $2 WHERE reference = $1`, [reference, status])
      const closed = await member.agent.get(url(reference)).expect(200)
      for (const text of IDENTITY) assert.ok(!closed.text.includes(text), `hides ${text} once ${status}`)
    }

    await t.database.dataSource.query(`UPDATE applications SET status = 'shortlisted' WHERE reference = $1`, [reference])
    const shortlisted = await member.agent.get(url(reference)).expect(200)
    for (const text of IDENTITY) assert.ok(shortlisted.text.includes(text), `shows ${text} once shortlisted`)
  })

  it('shows identity to everyone when blind review is off', async () => {
    await t.database.dataSource.query(`UPDATE settings SET blind_review = false WHERE id = 1`)
    const reference = await submitApplication()
    const member = await signedIn(['board-member'])
    const page = await member.agent.get(url(reference)).expect(200)
    for (const text of IDENTITY) assert.ok(page.text.includes(text), `shows ${text}`)
  })
})

describe('scoring', () => {
  it('builds the score sheet from each chosen role’s criteria; a community manager sees no sheet', async () => {
    const reference = await submitApplication()
    const member = await signedIn(['board-member'])
    const page = await member.agent.get(url(reference)).expect(200)
    const names = scoreNames(page)
    assert.equal(names.length, 8, '5 criteria for each of 2 roles, the 2 they share scored once')
    assert.ok(names.includes('score-1-learning-web'))
    assert.ok(names.includes('score-2-helping-publish'))
    assert.ok(names.includes('score-1-commitment') && !names.includes('score-2-commitment'), 'the shared criterion is named after the first choice')
    assert.match(page.text, /For both roles: Web developer and Content manager/)
    assert.match(page.text, /nhsuk-radios--inline/)
    assert.match(page.text, /1 means little or no evidence, 5 means strong evidence/)
    assert.match(page.text, /Essential/)
    assert.match(page.text, /Desirable/)
    assert.match(page.text, /name="recommendation" type="radio" value="do-not-appoint"/)

    const manager = await signedIn(['community-manager'])
    const managerPage = await manager.agent.get(url(reference)).expect(200)
    assert.equal(scoreNames(managerPage).length, 0)
    const refused = await manager.agent.post(`${url(reference)}/review`).type('form').send({ _csrf: csrfTokenFrom(managerPage), recommendation: 'appoint' })
    assert.equal(refused.status, 403)
    await manager.agent.get(`${url(reference)}/conflict`).expect(403)
  })

  it('refuses a missing score, a score of 0 or 6, tampered criteria and a long note, with the NHS error pattern', async () => {
    const reference = await submitApplication()
    const { agent } = await signedIn(['board-member'])

    const missing = await postReview(agent, reference, { 'score-1-commitment': '', 'note-1-github': 'Typed and kept', comment: 'My comment, kept' })
    assert.equal(missing.status, 400)
    assert.match(missing.text, /<title>Error: Application PYC-/)
    assert.match(missing.text, /class="nhsuk-error-summary"/)
    assertSummaryLink(missing, 'score-1-commitment', 'Select a score for “Can give about 2 hours a week”')
    assert.match(missing.text, /id="score-1-commitment-error"/)
    assert.match(missing.text, /Typed and kept<\/textarea>/)
    assert.match(missing.text, /My comment, kept<\/textarea>/)
    assert.match(missing.text, /name="score-1-github" type="radio" value="4" checked/, 'other scores are kept')

    for (const bad of ['0', '6', '3.5']) {
      const response = await postReview(agent, reference, { 'score-2-writing': bad })
      assert.equal(response.status, 400, `score ${bad}`)
      assertSummaryLink(response, 'score-2-writing', 'Select a score from 1 to 5 for “Clear writing and an eye for detail when editing” (Content manager)')
    }

    const tampered = await postReview(agent, reference, { 'score-1-invented': '5' })
    assert.equal(tampered.status, 400)
    assertSummaryLink(tampered, 'score-sheet', 'The scores sent do not match this application’s criteria. Score each criterion below and submit your review again')
    assert.match(tampered.text, /id="score-sheet"/)

    const tooLong = await postReview(agent, reference, { 'note-2-writing': 'x'.repeat(501) })
    assert.equal(tooLong.status, 400)
    assertSummaryLink(tooLong, 'note-2-writing', 'Your note on “Clear writing and an eye for detail when editing” (Content manager) must be 500 characters or fewer')
    assert.ok(tooLong.text.includes(`${'x'.repeat(501)}</textarea>`), 'the long note is kept')

    const noRecommendation = await postReview(agent, reference, { recommendation: 'hire' })
    assert.equal(noRecommendation.status, 400)
    assertSummaryLink(noRecommendation, 'recommendation', 'Select a recommendation')

    const longComment = await postReview(agent, reference, { comment: 'c'.repeat(2001) })
    assert.equal(longComment.status, 400)
    assertSummaryLink(longComment, 'comment', 'Your comment must be 2000 characters or fewer')

    assert.equal(await reviewCount(reference), 0)
    assert.equal((await applicationRow(reference)).status, 'submitted')
  })

  it('moves a submitted application to in_review on the first review, with an audit row', async () => {
    const reference = await submitApplication()
    const { agent, user } = await signedIn(['board-member'])
    const response = await postReview(agent, reference, { 'note-1-github': 'Has a GitHub Pages site', comment: 'Promising' })
    assert.equal(response.status, 303)
    assert.equal(response.headers.location, url(reference))

    const application = await applicationRow(reference)
    assert.equal(application.status, 'in_review')
    assert.equal(application.version, 2)
    const actions = await auditActions(reference)
    assert.deepEqual(
      actions.filter((row) => row.action !== 'application.submitted'),
      [
        { action: 'application.first_review', from_status: 'submitted', to_status: 'in_review', actor_id: user.id },
        { action: 'review.submitted', from_status: null, to_status: null, actor_id: user.id },
      ],
    )
    const [saved] = await t.database.dataSource.query(`SELECT scores, recommendation, comment FROM reviews`)
    const [webDeveloper] = await t.database.dataSource.query(`SELECT id FROM application_roles WHERE preference = 1`)
    assert.deepEqual(saved.scores[webDeveloper.id].github, { score: 4, note: 'Has a GitHub Pages site' })
    assert.equal(saved.recommendation, 'appoint')
    assert.equal(saved.comment, 'Promising')

    const page = await agent.get(url(reference)).expect(200)
    assert.match(page.text, /Your review has been submitted/)
    assert.match(page.text, /Being reviewed/)
    assert.match(page.text, /1 review so far, 2 needed/)
    assert.match(page.text, /Update your review/)
    assert.doesNotMatch((await agent.get(url(reference))).text, /Your review has been submitted/, 'the message shows once')
  })

  it('moves the application exactly once when two reviewers submit at the same moment', async () => {
    const reference = await submitApplication()
    const members = await Promise.all([signedIn(['board-member']), signedIn(['board-member']), signedIn(['board-member'])])
    const responses = await Promise.all(members.map(({ agent }) => postReview(agent, reference)))
    assert.deepEqual(
      responses.map((response) => response.status),
      [303, 303, 303],
    )
    const application = await applicationRow(reference)
    assert.equal(application.status, 'in_review')
    assert.equal(application.version, 2)
    const actions = (await auditActions(reference)).map((row) => row.action)
    assert.equal(actions.filter((action) => action === 'application.first_review').length, 1)
    assert.equal(actions.filter((action) => action === 'review.submitted').length, 3)
    assert.equal(await reviewCount(reference), 3)
  })

  it('keeps one review per reviewer: submitting again updates it', async () => {
    const reference = await submitApplication()
    const { agent } = await signedIn(['board-member'])
    assert.equal((await postReview(agent, reference, { comment: 'First thoughts' })).status, 303)
    const page = await agent.get(url(reference)).expect(200)
    assert.match(page.text, /First thoughts<\/textarea>/, 'the sheet is filled in with the saved review')
    assert.match(page.text, /id="recommendation" name="recommendation" type="radio" value="appoint" checked/)

    const again = await postReview(agent, reference, { comment: 'Second thoughts', recommendation: 'maybe' }, '2')
    assert.equal(again.status, 303)
    assert.equal(await reviewCount(reference), 1)
    const [saved] = await t.database.dataSource.query(`SELECT recommendation, comment FROM reviews`)
    assert.deepEqual(saved, { recommendation: 'maybe', comment: 'Second thoughts' })
    assert.match((await agent.get(url(reference))).text, /Your review has been updated/)
    const actions = (await auditActions(reference)).map((row) => row.action)
    assert.deepEqual(actions.slice(-2), ['review.submitted', 'review.updated'])
    assert.equal((await applicationRow(reference)).version, 2, 'only the first review changes the status')
  })
})

describe('independent review', () => {
  it('shows other members’ scores only after the member has submitted their own', async () => {
    const reference = await submitApplication()
    const a = await signedIn(['board-member'], 'Grace Hopper')
    const b = await signedIn(['board-member'], 'Alan Turing')
    assert.equal((await postReview(a.agent, reference, { 'note-1-github': 'Note by Grace', comment: 'Comment by Grace' }, '5')).status, 303)

    const before = await b.agent.get(url(reference)).expect(200)
    for (const secret of ['Grace Hopper', 'Note by Grace', 'Comment by Grace', 'Average scores']) assert.ok(!before.text.includes(secret), `B does not see ${secret}`)
    assert.match(before.text, /after you submit your own review/)
    assert.match(before.text, /1 review so far, 2 needed/)

    assert.equal((await postReview(b.agent, reference, { comment: 'Comment by Alan', recommendation: 'maybe' }, '2')).status, 303)
    const afterwards = await b.agent.get(url(reference)).expect(200)
    for (const text of ['Grace Hopper', 'Note by Grace', 'Comment by Grace', 'Comment by Alan', 'Average scores: Web developer', 'Average scores: Content manager']) {
      assert.ok(afterwards.text.includes(text), `B sees ${text}`)
    }
    // Grace scored 5 and Alan 2 everywhere: 3.5 from 2 reviews for every criterion.
    assert.equal(afterwards.text.match(/>\s*3\.5\s*</g)?.length, 10, 'every criterion averages 3.5')
    assert.match(afterwards.text, /Average score <\/span>3\.5\s*<\/td>\s*<td[^>]*>\s*<span[^>]*>Reviews <\/span>2\s*</, 'from 2 reviews')
    assert.match(afterwards.text, /2 reviews, enough for a decision/)
    assert.match(afterwards.text, />\s*Appoint\s*<\/dt>\s*<dd class="nhsuk-summary-list__value">\s*1\s*</)
    assert.match(afterwards.text, />\s*Maybe\s*<\/dt>\s*<dd class="nhsuk-summary-list__value">\s*1\s*</)
    assert.match(afterwards.text, />\s*Do not appoint\s*<\/dt>\s*<dd class="nhsuk-summary-list__value">\s*0\s*</)

    const manager = await signedIn(['community-manager'])
    const managerPage = await manager.agent.get(url(reference)).expect(200)
    for (const text of ['Grace Hopper', 'Comment by Grace', 'Comment by Alan', 'Average scores: Web developer']) assert.ok(managerPage.text.includes(text), `the community manager sees ${text}`)
  })
})

describe('conflicts of interest', () => {
  it('recuses the member: their review is deleted and stops counting, and they see no scores', async () => {
    const reference = await submitApplication()
    const member = await signedIn(['board-member'], 'Katherine Johnson')
    const other = await signedIn(['board-member'], 'Dorothy Vaughan')
    assert.equal((await postReview(member.agent, reference, { comment: 'Comment by Katherine' })).status, 303)
    assert.equal((await postReview(other.agent, reference, { comment: 'Comment by Dorothy' })).status, 303)
    assert.match((await member.agent.get(url(reference))).text, /2 reviews, enough for a decision/)

    const confirm = await member.agent.get(`${url(reference)}/conflict`).expect(200)
    assert.match(confirm.text, /Your review will be deleted/)
    const tooLong = await member.agent.post(`${url(reference)}/conflict`).type('form').send({ _csrf: csrfTokenFrom(confirm), reason: 'r'.repeat(501) })
    assert.equal(tooLong.status, 400)
    assert.match(tooLong.text, /<title>Error: /)
    assertSummaryLink(tooLong, 'reason', 'The reason must be 500 characters or fewer')

    const declared = await member.agent.post(`${url(reference)}/conflict`).type('form').send({ _csrf: csrfTokenFrom(confirm), reason: 'I manage the applicant' })
    assert.equal(declared.status, 303)
    assert.equal(declared.headers.location, url(reference))

    const page = await member.agent.get(url(reference)).expect(200)
    assert.match(page.text, /Your review has been deleted and no longer counts/)
    assert.match(page.text, /You declared a conflict of interest on \d{1,2} \w+ \d{4}/)
    assert.equal(scoreNames(page).length, 0, 'no score sheet')
    for (const secret of ['Comment by Dorothy', 'Comment by Katherine', 'Dorothy Vaughan', 'Average scores']) assert.ok(!page.text.includes(secret), `hides ${secret}`)
    assert.doesNotMatch(page.text, /Declare a conflict of interest<\/a>/)
    assert.match(page.text, /1 review so far, 2 needed/, 'the deleted review no longer counts')
    assert.equal(await reviewCount(reference), 1)

    const refused = await member.agent.post(`${url(reference)}/review`).type('form').send({ _csrf: csrfTokenFrom(page), recommendation: 'appoint' })
    assert.equal(refused.status, 403)
    assert.equal(await reviewCount(reference), 1)
    await member.agent.get(`${url(reference)}/conflict`).expect(303).expect('Location', url(reference))

    const actions = (await auditActions(reference)).map((row) => row.action)
    assert.deepEqual(actions.slice(-2), ['conflict.declared', 'review.deleted'])
    const [conflict] = await t.database.dataSource.query(`SELECT reason, staff_user_id FROM conflicts_of_interest`)
    assert.deepEqual(conflict, { reason: 'I manage the applicant', staff_user_id: member.user.id })

    const manager = await signedIn(['community-manager'])
    const managerPage = await manager.agent.get(url(reference)).expect(200)
    assert.match(managerPage.text, /1 review so far, 2 needed/)
    assert.ok(!managerPage.text.includes('Comment by Katherine'))
    assert.match(managerPage.text, /Katherine Johnson[\s\S]*Declared on [^<]*: I manage the applicant/)
  })

  it('lets a member declare a conflict before scoring, without a review to delete', async () => {
    const reference = await submitApplication()
    const member = await signedIn(['board-member'])
    const confirm = await member.agent.get(`${url(reference)}/conflict`).expect(200)
    assert.doesNotMatch(confirm.text, /Your review will be deleted/)
    await member.agent.post(`${url(reference)}/conflict`).type('form').send({ _csrf: csrfTokenFrom(confirm) }).expect(303)
    const page = await member.agent.get(url(reference)).expect(200)
    assert.match(page.text, /You have declared a conflict of interest\./)
    assert.equal(scoreNames(page).length, 0)
    assert.deepEqual((await auditActions(reference)).map((row) => row.action).slice(-1), ['conflict.declared'])
    assert.equal((await applicationRow(reference)).status, 'submitted')
  })
})

describe('closed applications', () => {
  for (const [status, message] of [
    ['withdrawn', /This application is closed \(Withdrawn\), so it takes no more reviews/],
    ['unsuccessful', /This application is closed \(Not successful this time\), so it takes no more reviews/],
    ['shortlisted', /This application has moved on from review \(Shortlisted\), so it takes no more reviews/],
  ] as const) {
    it(`refuses scores once the application is ${status}`, async () => {
      const reference = await submitApplication()
      const { agent } = await signedIn(['board-member'])
      const open = await agent.get(url(reference)).expect(200)
      const names = scoreNames(open)
      await t.database.dataSource.query(`UPDATE applications SET status = $2 WHERE reference = $1`, [reference, status])

      const page = await agent.get(url(reference)).expect(200)
      assert.equal(scoreNames(page).length, 0)
      assert.match(page.text, message)

      // A form opened before the change.
      const body = { _csrf: csrfTokenFrom(open), ...Object.fromEntries(names.map((name) => [name, '3'])), recommendation: 'appoint' }
      const refused = await agent.post(`${url(reference)}/review`).type('form').send(body)
      assert.equal(refused.status, 409)
      assert.match(refused.text, /Your review was not saved/)
      assert.match(refused.text, message)
      assert.equal(await reviewCount(reference), 0)
    })
  }

  it('refuses to change a review once the application has moved on', async () => {
    const reference = await submitApplication()
    const { agent } = await signedIn(['board-member'])
    const open = await agent.get(url(reference)).expect(200)
    assert.equal((await postReview(agent, reference, { comment: 'Before' })).status, 303)
    await t.database.dataSource.query(`UPDATE applications SET status = 'shortlisted' WHERE reference = $1`, [reference])
    const body = { _csrf: csrfTokenFrom(open), ...Object.fromEntries(scoreNames(open).map((name) => [name, '1'])), recommendation: 'do-not-appoint', comment: 'After' }
    assert.equal((await agent.post(`${url(reference)}/review`).type('form').send(body)).status, 409)
    const [saved] = await t.database.dataSource.query(`SELECT comment FROM reviews`)
    assert.equal(saved.comment, 'Before')
    const page = await agent.get(url(reference)).expect(200)
    assert.match(page.text, /Before/, 'their own review is still shown')
  })
})

describe('security', () => {
  it('refuses every POST without a CSRF token', async () => {
    const reference = await submitApplication()
    const { agent } = await signedIn(['board-member'])
    const page = await agent.get(url(reference)).expect(200)
    const body = { ...Object.fromEntries(scoreNames(page).map((name) => [name, '3'])), recommendation: 'appoint' }
    await agent.post(`${url(reference)}/review`).type('form').send(body).expect(403)
    await agent.post(`${url(reference)}/review`).type('form').send({ ...body, _csrf: 'not-the-token' }).expect(403)
    await agent.post(`${url(reference)}/conflict`).type('form').send({ reason: 'x' }).expect(403)
    assert.equal(await reviewCount(reference), 0)
    const [conflicts] = await t.database.dataSource.query(`SELECT count(*)::int AS count FROM conflicts_of_interest`)
    assert.equal(conflicts.count, 0)
    assert.equal((await applicationRow(reference)).status, 'submitted')
  })

  it('escapes hostile input in the answers, notes and comments', async () => {
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    const reference = await submitApplication({
      fullName: `Eve ${hostile}`,
      motivation: `Motivation ${hostile}`,
      skillsOther: `Skills ${hostile}`,
      heardAbout: `Heard ${hostile}`,
      organisation: `Org ${hostile}`,
      roleAnswers: { 'web-developer': { 'web-experience': `Experience ${hostile}` } },
    })
    const member = await signedIn(['board-member'], `Mallory ${hostile}`)
    const posted = await postReview(member.agent, reference, { 'note-1-github': `Note ${hostile}`, comment: `Comment ${hostile}` })
    assert.equal(posted.status, 303)
    const invalid = await postReview(member.agent, reference, { 'note-1-github': `Kept ${hostile}`, recommendation: '' })
    assert.equal(invalid.status, 400)

    const manager = await signedIn(['community-manager'])
    const page = await manager.agent.get(url(reference)).expect(200)
    for (const response of [page, invalid]) {
      assert.doesNotMatch(response.text, /<script>alert/)
      assert.doesNotMatch(response.text, /<img src=x/)
    }
    const escaped = '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'
    const escapedEjs = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'
    const has = (text: string, prefix: string) => text.includes(`${prefix} ${escaped}`) || text.includes(`${prefix} ${escapedEjs}`)
    for (const prefix of ['Eve', 'Motivation', 'Skills', 'Heard', 'Org', 'Experience', 'Note', 'Comment', 'Mallory']) assert.ok(has(page.text, prefix), `${prefix} is escaped`)
    assert.ok(has(invalid.text, 'Kept'), 'a kept note is escaped')
  })
})
