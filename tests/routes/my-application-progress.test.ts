// What an applicant sees of their own application at /my-application once signed in: the answers
// they sent (read-only), each role's status with what happens next and roughly when, the board's
// feedback when it was unsuccessful, and the executive role they hold with the way to
// /my-onboarding. Only ever their own.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request, { type Agent } from 'supertest'
import { UNSUCCESSFUL_REASONS } from '../../src/domain/decisions.ts'
import { formatDate } from '../../src/views/helpers.ts'
import { useTestApp } from '../helpers/app.ts'
import { addBoardReview, decide, newExecutive, offeredApplication, signInApplicant, submitApplication, type SubmittedApplication } from '../helpers/review.ts'

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    boardA: { name: 'Bea Board', roles: ['board-member'] },
    boardB: { name: 'Ben Board', roles: ['board-member'] },
  },
})

const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

const DAY_MS = 24 * 60 * 60 * 1000

let people = 0
/** A new applicant's address, so that each test has its own applications. */
function newEmail(name: string): string {
  return `${name}.${++people}@example.org`
}

async function signedInAs(email: string): Promise<Agent> {
  const agent = request.agent(t.app)
  await signInApplicant(t, agent, email)
  return agent
}

/** The page's text without tags, spaces collapsed. */
function textOf(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The summary list rows on a page: key text -> value text (the last list wins when keys repeat). */
function rowsOf(html: string): Record<string, string> {
  const rows: Record<string, string> = {}
  for (const match of html.matchAll(/<dt class="nhsuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="nhsuk-summary-list__value">([\s\S]*?)<\/dd>/g)) {
    rows[textOf(match[1]!)] = textOf(match[2]!)
  }
  return rows
}

async function reviewedByTheBoard(application: SubmittedApplication): Promise<void> {
  await addBoardReview(t, application, t.staff.boardA)
  await addBoardReview(t, application, t.staff.boardB)
}

describe('what they sent', () => {
  it('shows every answer read-only, as Check your answers did, and never equality monitoring', async () => {
    const email = newEmail('ada')
    const application = await submitApplication(t, {
      email,
      roles: ['web-developer', 'content-manager'],
      skillsOther: 'A short course in Python',
      motivation: 'First paragraph.\n\nSecond <b>paragraph</b>.',
      roleAnswers: { 'web-developer': { 'web-experience': 'My own site on GitHub Pages.' } },
      equality: { 'equality-age': 'under-25' },
    })
    const agent = await signedInAs(email)

    const list = await agent.get('/my-application').expect(200)
    assert.match(list.text, new RegExp(`<a class="nhsuk-link" href="/my-application/${application.reference}">View what you sent<span class="nhsuk-u-visually-hidden"> \\(Application ${application.reference}\\)</span></a>`))

    const page = await agent.get(`/my-application/${application.reference}`).expect(200)
    assert.equal(page.headers['cache-control'], 'no-store')
    assert.match(page.text, new RegExp(`<title>Your application ${application.reference} - `))
    assert.match(page.text, /<a class="nhsuk-back-link" href="\/my-application">\s*(<svg[^]*?<\/svg>)?\s*Back to your applications/)
    const rows = rowsOf(page.text)
    assert.deepEqual(
      {
        roles: rows['Roles, in order of preference'],
        name: rows['Full name'],
        email: rows['Email address'],
        phone: rows['Phone number'],
        nhs: rows['Works for the NHS or a health or care organisation'],
        organisation: rows.Organisation,
        jobTitle: rows['Job title'],
        nhsEmail: rows['NHS email address'],
        careerStage: rows['Career stage'],
        hours: rows['Can give about 2 hours a week'],
        motivation: rows['Why you would like to volunteer'],
        skills: rows['Skills and experience'],
        question: rows['Web developer: Tell us about any website or code you have worked on'],
        heardAbout: rows['How you heard about us'],
      },
      {
        roles: 'Web developer Content manager',
        name: 'Ada Lovelace',
        email,
        phone: '07700 900982',
        nhs: 'Yes',
        organisation: 'Barts Health NHS Trust',
        jobTitle: 'Apprentice data analyst',
        nhsEmail: 'Not verified (optional)',
        careerStage: 'Apprentice',
        hours: 'Yes',
        motivation: 'First paragraph. Second <b>paragraph</b>.',
        skills: 'HTML/CSS, GitHub A short course in Python',
        question: 'My own site on GitHub Pages.',
        heardAbout: 'Slack',
      },
    )
    assert.match(page.text, /<p>First paragraph\.<\/p><p>Second &lt;b&gt;paragraph&lt;\/b&gt;\.<\/p>/, 'paragraphs kept, and escaped')
    assert.match(page.text, /<ol class="nhsuk-list nhsuk-list--number"><li>Web developer<\/li><li>Content manager<\/li><\/ol>/)
    assert.doesNotMatch(page.text, />\s*Change\s*</, 'read-only: no Change links')
    assert.doesNotMatch(page.text, /under-25|Under 25/, 'no equality answers')
    assert.match(page.text, /equality monitoring answers, if you gave any, are kept apart/)
  })

  it('is only for the signed-in applicant: another applicant’s reference, a made-up one and an erased one are not found', async () => {
    const mine = await submitApplication(t, { email: newEmail('grace') })
    const theirs = await submitApplication(t, { email: newEmail('alan'), fullName: 'Alan Turing' })

    await request(t.app).get(`/my-application/${mine.reference}`).expect(303).expect('Location', '/my-application')

    const agent = await signedInAs(mine.email)
    const other = await agent.get(`/my-application/${theirs.reference}`).expect(404)
    assert.doesNotMatch(other.text, /Alan Turing/)
    const last = mine.reference.at(-1) === '2' ? '3' : '2'
    await agent.get(`/my-application/${mine.reference.slice(0, -1)}${last}`).expect(404)
    for (const malformed of ['not-a-reference', mine.reference.toLowerCase(), '..%2F..%2Freview']) await agent.get(`/my-application/${malformed}`).expect(404)

    await query(`UPDATE applications SET erased_at = now() WHERE id = $1`, [mine.id])
    await agent.get(`/my-application/${mine.reference}`).expect(404)
  })
})

describe('where each role stands', () => {
  it('says when the board aims to have reviewed it, and says so kindly once that has passed', async () => {
    const application = await submitApplication(t, { email: newEmail('mary') })
    const agent = await signedInAs(application.email)
    const [row] = await query<{ submitted_at: Date }>(`SELECT submitted_at FROM applications WHERE id = $1`, [application.id])
    const reviewedBy = formatDate(new Date(row!.submitted_at.getTime() + 7 * DAY_MS))

    const received = rowsOf((await agent.get('/my-application').expect(200)).text)
    assert.equal(received.Sent, formatDate(row!.submitted_at))
    assert.equal(
      received['Web developer'],
      `Received Members of the board will read your application. We will email you when there is news. Board members aim to review each application within 7 days of receiving it, so we expect yours to be reviewed by ${reviewedBy}.`,
    )

    await query(`UPDATE settings SET reminder_days = 3, quorum = 3 WHERE id = 1`)
    await query(`UPDATE applications SET status = 'in_review' WHERE id = $1`, [application.id])
    const inReview = rowsOf((await agent.get('/my-application').expect(200)).text)['Web developer']!
    assert.match(inReview, /^Being reviewed Members of the board are reading your application\./)
    assert.match(inReview, /Once 3 board members have reviewed it, the community manager decides what happens next\./)
    assert.match(inReview, new RegExp(`within 3 days of receiving it, so we expect yours to be reviewed by ${formatDate(new Date(row!.submitted_at.getTime() + 3 * DAY_MS))}\\.`))

    await query(`UPDATE applications SET submitted_at = now() - interval '4 days' WHERE id = $1`, [application.id])
    const late = rowsOf((await agent.get('/my-application').expect(200)).text)['Web developer']!
    assert.match(late, /Reviewing your application is taking longer than we hoped\. We will email you as soon as there is news\./)
    assert.doesNotMatch(late, /we expect yours/)
    await query(`UPDATE settings SET reminder_days = 7, quorum = 2 WHERE id = 1`)
  })

  it('gives each role its own status once one of them is offered, with the date to reply by', async () => {
    const application = await submitApplication(t, { email: newEmail('rosalind'), roles: ['web-developer', 'content-manager'] })
    await reviewedByTheBoard(application)
    const agent = await signedInAs(application.email)
    const both = rowsOf((await agent.get('/my-application').expect(200)).text)
    assert.match(both['Web developer First choice']!, /^Received /)
    assert.match(both['Content manager Choice 2']!, /^Received /)

    await decide(t, application.reference, t.staff.manager, { decision: 'shortlist' })
    const shortlisted = rowsOf((await agent.get('/my-application').expect(200)).text)
    assert.match(shortlisted['Web developer First choice']!, /^Shortlisted The board would like to know more about you\./)
    assert.match(shortlisted['Content manager Choice 2']!, /^Shortlisted /)

    const [content] = await query<{ role_id: string }>(`SELECT role_id FROM application_roles WHERE application_id = $1 AND preference = 2`, [application.id])
    await decide(t, application.reference, t.staff.manager, { decision: 'offer', roleId: content!.role_id })
    const [link] = await query<{ expires_at: Date }>(`SELECT expires_at FROM offer_links WHERE application_id = $1`, [application.id])
    const offered = rowsOf((await agent.get('/my-application').expect(200)).text)
    assert.equal(offered['Web developer First choice'], 'Not offered We offered you the Content manager role instead.')
    assert.equal(
      offered['Content manager Choice 2'],
      `Offered a role We would like to offer you this role. Check your email for the offer, and to accept or decline it. Please reply by ${formatDate(link!.expires_at)}.`,
    )

    await query(`UPDATE offer_links SET expires_at = now() - interval '1 minute' WHERE application_id = $1`, [application.id])
    const expired = rowsOf((await agent.get('/my-application').expect(200)).text)['Content manager Choice 2']!
    assert.match(expired, /The links in the offer email have expired\. If you would still like the role, email [^ ]+@[^ ]+\./)
    const detail = rowsOf((await agent.get(`/my-application/${application.reference}`).expect(200)).text)
    assert.equal(detail['Web developer First choice'], 'Not offered We offered you the Content manager role instead.', 'the same on the application’s own page')
  })

  it('shows the reason and the board’s feedback when it was unsuccessful, escaped', async () => {
    const application = await submitApplication(t, { email: newEmail('dorothy') })
    await reviewedByTheBoard(application)
    await decide(t, application.reference, t.staff.manager, { decision: 'reject', reason: 'availability', feedback: 'Your <em>enthusiasm</em> shone.\n\nDo apply again.' })
    const agent = await signedInAs(application.email)

    for (const path of ['/my-application', `/my-application/${application.reference}`]) {
      const page = await agent.get(path).expect(200)
      const rows = rowsOf(page.text)
      assert.equal(
        rows['Web developer'],
        'Not successful this time We are not able to offer you a role this time, because the time you can give does not fit what the role needs at the moment. Thank you for applying. You are still very welcome to join in with the community, and to apply again in the future.',
        path,
      )
      assert.equal(rows['Feedback from the board'], 'Your <em>enthusiasm</em> shone. Do apply again.')
      assert.match(page.text, /<p>Your &lt;em&gt;enthusiasm&lt;\/em&gt; shone\.<\/p><p>Do apply again\.<\/p>/)
      assert.doesNotMatch(page.text, /Withdraw this application/, 'a closed application cannot be withdrawn')
    }

    // Without feedback there is no feedback row; the reason is still said.
    const quiet = await submitApplication(t, { email: application.email })
    await reviewedByTheBoard(quiet)
    await decide(t, quiet.reference, t.staff.manager, { decision: 'reject', reason: 'role-filled' })
    const page = await agent.get(`/my-application/${quiet.reference}`).expect(200)
    assert.match(rowsOf(page.text)['Web developer']!, /because we have appointed someone else to the role\./)
    assert.doesNotMatch(page.text, /Feedback from the board/)
  })

  it('keeps the reasons the database allows the same as the decision form’s', async () => {
    const [row] = await query<{ definition: string }>(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = 'applications_unsuccessful_reason_check'`,
    )
    const literals = [...row!.definition.matchAll(/'([^']+)'/g)].map((match) => match[1])
    assert.deepEqual(literals.sort(), UNSUCCESSFUL_REASONS.map((reason) => reason.value).sort())
  })
})

describe('an applicant who became an executive', () => {
  it('sees the role they hold, their term, and the way to /my-onboarding while the term lasts', async () => {
    const people = { manager: t.staff.manager, reviewers: [t.staff.boardA, t.staff.boardB] }
    const executive = await newExecutive(t, people, { email: newEmail('katherine'), fullName: 'Katherine Johnson' })
    const [term] = await query<{ starts_on: string; term_ends_on: string }>(
      `SELECT starts_on::text AS starts_on, term_ends_on::text AS term_ends_on FROM executives WHERE id = $1`,
      [executive.id],
    )
    const agent = await signedInAs(executive.email)

    const page = await agent.get('/my-application').expect(200)
    const text = textOf(page.text)
    assert.match(text, /Your role: Web developer/)
    assert.ok(text.includes(`You hold the Web developer role from ${formatDate(term!.starts_on)} to ${formatDate(term!.term_ends_on)}.`), text)
    assert.match(page.text, /<a class="nhsuk-link" href="\/my-onboarding">Go to your getting-started checklist<\/a>/)
    assert.match(rowsOf(page.text)['Web developer']!, /^Getting started /)

    await query(`UPDATE executives SET status = 'active', activated_at = now() WHERE id = $1`, [executive.id])
    await query(`UPDATE applications SET status = 'active' FROM executives e WHERE e.id = $1 AND applications.id = e.application_id`, [executive.id])
    const active = await agent.get('/my-application').expect(200)
    assert.match(active.text, /<a class="nhsuk-link" href="\/my-onboarding">Go to your checklist and team page profile<\/a>/)
    assert.match(rowsOf(active.text)['Web developer']!, /^Volunteering with us /)

    await query(`UPDATE executives SET status = 'ended', ended_at = now() WHERE id = $1`, [executive.id])
    const ended = await agent.get('/my-application').expect(200)
    assert.doesNotMatch(ended.text, /Your role:|href="\/my-onboarding"/, 'once the term has ended')
  })

  it('shows an offer accepted for one role, and the other role not offered', async () => {
    const people = { manager: t.staff.manager, reviewers: [t.staff.boardA, t.staff.boardB] }
    const offered = await offeredApplication(t, people, { email: newEmail('hedy'), roles: ['events-manager', 'web-developer'] })
    await query(`UPDATE applications SET status = 'accepted' WHERE id = $1`, [offered.id])
    const agent = await signedInAs(offered.email)
    const rows = rowsOf((await agent.get('/my-application').expect(200)).text)
    assert.match(rows['Events manager First choice']!, /^Offer accepted Thank you for accepting\./)
    assert.equal(rows['Web developer Choice 2'], 'Not offered We offered you the Events manager role instead.')
  })
})
