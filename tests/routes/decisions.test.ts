import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import { Application, AuditEvent, EmailMessage, type StaffUser } from '../../src/entities/index.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { futureTimes, offerFields } from '../helpers/conversations.ts'
import { signIn } from '../helpers/staff.ts'
import { submitApplication } from '../../src/actions/apply/submit-application.ts'
import { APPLICANT } from '../../src/services/audit.ts'

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    otherManager: { name: 'Colin Manager', roles: ['community-manager'] },
    boardA: { name: 'Bea Board', roles: ['board-member'] },
    boardB: { name: 'Ben Board', roles: ['board-member'] },
  },
})

const answers = {
  roles: ['web-developer', 'content-manager'],
  fullName: 'Ada Lovelace',
  email: 'ada@example.org',
  phone: '',
  nhsEmployed: 'yes' as const,
  organisation: 'Barts Health NHS Trust',
  jobTitle: 'Apprentice',
  careerStage: 'apprentice',
  hours: 'yes',
  motivation: 'I would love to help.',
  skills: ['GitHub'],
  skillsOther: '',
  roleAnswers: {},
  heardAbout: '',
  consent: true,
  equalityDone: true,
}

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['application_drafts', 'equality_responses', 'one_time_tokens', 'sessions', 'staff_tokens', 'staff_users'] })
})

async function newApplication(roles = answers.roles): Promise<Application> {
  const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: { ...answers, roles } }, APPLICANT)
  await t.database.dataSource.query(`DELETE FROM email_messages`)
  return t.database.dataSource.getRepository(Application).findOneByOrFail({ reference })
}

async function review(application: Application, reviewer: StaffUser, recommendation = 'appoint') {
  await t.database.dataSource.query(`INSERT INTO reviews (application_id, reviewer_id, scores, recommendation) VALUES ($1, $2, '{}', $3)`, [
    application.id,
    reviewer.id,
    recommendation,
  ])
}

async function signedIn(user: StaffUser) {
  const agent = request.agent(t.app)
  assert.equal((await signIn(agent, user)).status, 303)
  return agent
}

async function decide(agent: ReturnType<typeof request.agent>, reference: string, fields: Record<string, string>) {
  const page = await agent.get(`/review/applications/${reference}/decision`).expect(200)
  const version = /name="version" value="(\d+)"/.exec(page.text)![1]!
  return agent.post(`/review/applications/${reference}/decision`).type('form').send({ _csrf: csrfTokenFrom(page), version, ...fields })
}

describe('decisions', () => {
  it('need the quorum of board reviews, from members without a conflict', async () => {
    const application = await newApplication()
    const agent = await signedIn(t.staff.manager)
    const page = await agent.get(`/review/applications/${application.reference}/decision`).expect(200)
    assert.match(page.text, /0 of 2 needed/)
    const refused = await decide(agent, application.reference, { decision: 'shortlist' })
    assert.equal(refused.status, 400)
    assert.match(refused.text, /A decision needs 2 board reviews\. There are 0 so far\./)

    await review(application, t.staff.boardA)
    await review(application, t.staff.boardB)
    await t.database.dataSource.query(`INSERT INTO conflicts_of_interest (application_id, staff_user_id) VALUES ($1, $2)`, [application.id, t.staff.boardB.id])
    assert.equal((await decide(agent, application.reference, { decision: 'shortlist' })).status, 400)
    await t.database.dataSource.query(`DELETE FROM conflicts_of_interest`)

    // The application page says in words what can be decided now.
    const before = await agent.get(`/review/applications/${application.reference}`).expect(200)
    assert.match(before.text, /<p>You can now shortlist the application or tell the applicant they have not been successful this time\.<\/p>/)
    const done = await decide(agent, application.reference, { decision: 'shortlist' })
    assert.equal(done.status, 303)
    const shown = await agent.get(done.headers.location!).expect(200)
    assert.match(shown.text, /Application shortlisted\. We have emailed the applicant\./)
    assert.match(shown.text, /<p>You can now invite the applicant to a conversation, offer the applicant a role or tell the applicant they have not been successful this time\.<\/p>/)
    const after = await t.database.dataSource.getRepository(Application).findOneByOrFail({ id: application.id })
    assert.equal(after.status, 'shortlisted')
    assert.equal(after.version, application.version + 1)
    const audit = await t.database.dataSource.getRepository(AuditEvent).findOneByOrFail({ subjectId: application.id, action: 'application.shortlist' })
    assert.deepEqual([audit.actorType, audit.actorId, audit.fromStatus, audit.toStatus], ['staff', t.staff.manager.id, 'submitted', 'shortlisted'])
    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ recipient: 'ada@example.org' })
    assert.equal(email.template, 'application-shortlisted')
  })

  it('follow the status machine: an invitation, then an offer of one of the roles applied for', async () => {
    const application = await newApplication()
    await review(application, t.staff.boardA)
    await review(application, t.staff.boardB)
    const agent = await signedIn(t.staff.manager)
    const page = await agent.get(`/review/applications/${application.reference}/decision`)
    assert.doesNotMatch(page.text, /value="offer"/, 'no offer before shortlisting')
    const offerTooSoon = await decide(agent, application.reference, { decision: 'offer' })
    assert.equal(offerTooSoon.status, 400)
    assert.match(offerTooSoon.text, /Select a decision/)

    assert.equal((await decide(agent, application.reference, { decision: 'shortlist' })).status, 303)
    // Inviting to a conversation goes on to the page where the times are offered, and moves nothing yet.
    const invite = await decide(agent, application.reference, { decision: 'invite_to_interview' })
    assert.equal(invite.status, 303)
    assert.equal(invite.headers.location, `/review/applications/${application.reference}/conversation/new`)
    assert.equal((await t.database.dataSource.getRepository(Application).findOneByOrFail({ id: application.id })).status, 'shortlisted')
    const offering = await agent.get(invite.headers.location!).expect(200)
    const times = futureTimes(2)
    const timesOffered = await agent.post(invite.headers.location!).type('form').send({ ...offerFields(times), version: /name="version" value="(\d+)"/.exec(offering.text)?.[1], _csrf: csrfTokenFrom(offering) })
    assert.equal(timesOffered.status, 303)
    const invitation = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ template: 'conversation-times' })
    assert.doesNotMatch(invitation.textBody, /reply to this email/i)
    assert.equal((await t.database.dataSource.getRepository(Application).findOneByOrFail({ id: application.id })).status, 'interview')

    const roleId = (await t.database.dataSource.query(`SELECT role_id FROM application_roles WHERE application_id = $1 AND preference = 2`, [application.id]))[0].role_id
    const badRole = await decide(agent, application.reference, { decision: 'offer', roleId: randomUUID() })
    assert.match(badRole.text, /Select the role you are offering/)
    assert.equal((await decide(agent, application.reference, { decision: 'offer', roleId, offerMessage: 'Welcome aboard!' })).status, 303)
    const offered = await t.database.dataSource.getRepository(Application).findOneByOrFail({ id: application.id })
    assert.equal(offered.status, 'offered')
    assert.equal(offered.offeredRoleId, roleId)
    const offer = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ template: 'offer' })
    assert.match(offer.textBody, /Content manager/)
    assert.match(offer.textBody, /Welcome aboard!/)
  })

  it('an application for one role has that role chosen for an offer; one for several has none chosen', async () => {
    const agent = await signedIn(t.staff.manager)
    const checkedRoles = async (application: Application) => {
      await review(application, t.staff.boardA)
      await review(application, t.staff.boardB)
      assert.equal((await decide(agent, application.reference, { decision: 'shortlist' })).status, 303)
      const page = await agent.get(`/review/applications/${application.reference}/decision`).expect(200)
      return [...page.text.matchAll(/<input[^>]*name="roleId"[^>]*>/g)].filter(([input]) => / checked/.test(input)).map(([input]) => /value="([^"]+)"/.exec(input)![1])
    }
    const one = await newApplication(['events-manager'])
    const [{ role_id: eventsManager }] = await t.database.dataSource.query(`SELECT role_id FROM application_roles WHERE application_id = $1`, [one.id])
    assert.deepEqual(await checkedRoles(one), [eventsManager])
    assert.deepEqual(await checkedRoles(await newApplication()), [])
  })

  it('an unsuccessful outcome needs a reason, and the email is kind and escapes the feedback', async () => {
    const application = await newApplication()
    await review(application, t.staff.boardA, 'do-not-appoint')
    await review(application, t.staff.boardB, 'maybe')
    const agent = await signedIn(t.staff.manager)
    assert.match((await decide(agent, application.reference, { decision: 'reject' })).text, /Select a reason/)
    assert.match((await decide(agent, application.reference, { decision: 'reject', reason: 'other' })).text, /Enter feedback explaining the reason/)
    const done = await decide(agent, application.reference, { decision: 'reject', reason: 'closer-match', feedback: 'Keep going! <script>x</script>' })
    assert.equal(done.status, 303)
    const email = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ template: 'application-unsuccessful' })
    assert.match(email.textBody, /other applications matched what the role needs more closely/)
    assert.match(email.textBody, /We would love you to stay involved/)
    assert.ok(!email.html.includes('<script>x</script>'))
    assert.ok(email.html.includes('&lt;script&gt;x&lt;/script&gt;'))
    const audit = await t.database.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'application.reject' })
    assert.equal(audit.note, 'reason: closer-match')
    // Kept for the applicant to read again at /my-application.
    const rejected = await t.database.dataSource.getRepository(Application).findOneByOrFail({ id: application.id })
    assert.deepEqual([rejected.status, rejected.unsuccessfulReason, rejected.unsuccessfulFeedback], ['unsuccessful', 'closer-match', 'Keep going! <script>x</script>'])
  })

  it('two managers deciding at once: one wins, the other is told and keeps what they typed', async () => {
    const application = await newApplication()
    await review(application, t.staff.boardA)
    await review(application, t.staff.boardB)
    const first = await signedIn(t.staff.manager)
    const second = await signedIn(t.staff.otherManager)
    const [pageA, pageB] = await Promise.all([
      first.get(`/review/applications/${application.reference}/decision`),
      second.get(`/review/applications/${application.reference}/decision`),
    ])
    const version = String(application.version)
    const [a, b] = await Promise.all([
      first.post(`/review/applications/${application.reference}/decision`).type('form').send({ _csrf: csrfTokenFrom(pageA), version, decision: 'shortlist' }),
      second
        .post(`/review/applications/${application.reference}/decision`)
        .type('form')
        .send({ _csrf: csrfTokenFrom(pageB), version, decision: 'reject', reason: 'other', feedback: 'A careful note I wrote' }),
    ])
    const statuses = [a.status, b.status].sort()
    assert.deepEqual(statuses, [303, 409])
    const loser = a.status === 409 ? a : b
    assert.match(loser.text, /This application changed while you were looking at it/)
    if (loser === b) assert.match(loser.text, /A careful note I wrote/)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ subjectId: application.id, toStatus: a.status === 303 ? 'shortlisted' : 'unsuccessful' }), 1)
    assert.equal(await t.database.dataSource.getRepository(EmailMessage).count(), 1)
  })

  it('a manager acting on a page from before another manager’s decision is told it changed', async () => {
    const application = await newApplication()
    await review(application, t.staff.boardA)
    await review(application, t.staff.boardB)
    const first = await signedIn(t.staff.manager)
    const second = await signedIn(t.staff.otherManager)
    const stalePage = await second.get(`/review/applications/${application.reference}/decision`)
    assert.equal((await decide(first, application.reference, { decision: 'shortlist' })).status, 303)
    const late = await second
      .post(`/review/applications/${application.reference}/decision`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(stalePage), version: String(application.version), decision: 'shortlist' })
    assert.equal(late.status, 409)
    assert.match(late.text, /This application changed while you were looking at it/)
  })

  it('a decision made on an old version of the page is refused', async () => {
    const application = await newApplication()
    await review(application, t.staff.boardA)
    await review(application, t.staff.boardB)
    const agent = await signedIn(t.staff.manager)
    const page = await agent.get(`/review/applications/${application.reference}/decision`)
    await t.database.dataSource.query(`UPDATE applications SET version = version + 1 WHERE id = $1`, [application.id])
    const response = await agent
      .post(`/review/applications/${application.reference}/decision`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), version: String(application.version), decision: 'shortlist' })
    assert.equal(response.status, 409)
    assert.equal((await t.database.dataSource.getRepository(Application).findOneByOrFail({ id: application.id })).status, 'submitted')
  })

  it('only community managers decide; every POST needs a CSRF token', async () => {
    const application = await newApplication()
    await request(t.app).get(`/review/applications/${application.reference}/decision`).expect(303).expect('Location', '/sign-in')
    const board = await signedIn(t.staff.boardA)
    await board.get(`/review/applications/${application.reference}/decision`).expect(403)
    assert.equal((await submitForm(board, `/review/applications/${application.reference}/decision`, { decision: 'shortlist' }, { from: '/staff' })).status, 403)
    const agent = await signedIn(t.staff.manager)
    await agent.post(`/review/applications/${application.reference}/decision`).type('form').send({ decision: 'shortlist' }).expect(403)
    await agent.get('/review/applications/PYC-2222-2222/decision').expect(404)
    await agent.get('/review/applications/not-a-reference/decision').expect(404)
  })
})

describe('the application page', () => {
  it('shows community managers where to record a decision, once the quorum is reached', async () => {
    const application = await newApplication()
    const agent = await signedIn(t.staff.manager)
    const before = await agent.get(`/review/applications/${application.reference}`).expect(200)
    assert.match(before.text, /A decision can be recorded once enough board members have reviewed/)
    await review(application, t.staff.boardA)
    await review(application, t.staff.boardB)
    const ready = await agent.get(`/review/applications/${application.reference}`).expect(200)
    assert.match(ready.text, new RegExp(`href="/review/applications/${application.reference}/decision"`))
    const board = await signedIn(t.staff.boardA)
    const boardView = await board.get(`/review/applications/${application.reference}`).expect(200)
    assert.doesNotMatch(boardView.text, /Record a decision/)
  })
})
