import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import { sendNewApplicationsDigest } from '../../src/actions/board/send-new-applications-digest.ts'
import { sendReviewReminders } from '../../src/actions/board/send-review-reminders.ts'
import { EmailMessage, StaffUser } from '../../src/entities/index.ts'
import { SYSTEM } from '../../src/services/audit.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import request from 'supertest'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { createStaff, signIn } from '../helpers/staff.ts'
import { BOARD_QUIET_MINUTES, submitApplication } from '../../src/actions/apply/submit-application.ts'
import { APPLICANT } from '../../src/services/audit.ts'

const t = useTestApp({
  staff: {
    immediate: { name: 'Ivy Immediate', roles: ['board-member'] },
    digest: { name: 'Dan Digest', roles: ['board-member'] },
    third: { name: 'Tess Third', roles: ['board-member', 'community-manager'] },
    admin: { name: 'Ada Admin', roles: ['admin'] },
  },
})
t.before(async () => {
  await t.database.dataSource.getRepository(StaffUser).update({ id: t.staff.digest.id }, { newApplicationEmails: 'digest' })
})

const answers = {
  roles: ['events-manager'],
  fullName: 'Mary Seacole',
  email: 'mary@example.org',
  nhsEmployed: 'no' as const,
  careerStage: 'trainee',
  hours: 'yes',
  motivation: 'Events bring people together.',
  skills: ['none-yet'],
  consent: true,
  equalityDone: true,
}

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['application_drafts', 'audit_events', 'equality_responses', 'one_time_tokens', 'rate_limit_hits', 'sessions', 'staff_tokens', 'staff_users'] })
})

const emailsTo = (user: StaffUser, template: string) => t.database.dataSource.getRepository(EmailMessage).findBy({ recipient: user.email, template })

describe('new applications', () => {
  it('are emailed at once to members who chose that, and in a daily digest to the others', async () => {
    const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers }, APPLICANT)
    assert.equal((await emailsTo(t.staff.immediate, 'new-application')).length, 1)
    assert.equal((await emailsTo(t.staff.third, 'new-application')).length, 1)
    assert.equal((await emailsTo(t.staff.digest, 'new-application')).length, 0)
    const [email] = await emailsTo(t.staff.immediate, 'new-application')
    assert.match(email!.textBody, new RegExp(reference))
    assert.doesNotMatch(email!.textBody, /Mary|mary@example/, 'no more personal data than needed')

    assert.equal(await t.services.act(sendNewApplicationsDigest, {}, SYSTEM), 1)
    assert.equal(await t.services.act(sendNewApplicationsDigest, {}, SYSTEM), 1)
    const digests = await emailsTo(t.staff.digest, 'new-applications-digest')
    assert.equal(digests.length, 1, 'one digest a day, however often the job runs')
    assert.match(digests[0]!.textBody, new RegExp(reference))
    assert.equal((await emailsTo(t.staff.immediate, 'new-applications-digest')).length, 0)
  })

  it('a burst sends each member one email at once; the rest come together in the next digest', async () => {
    const references: string[] = []
    for (let i = 0; i < 5; i += 1) {
      const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: { ...answers, email: `burst${i}@example.org` } }, APPLICANT)
      references.push(reference)
    }
    const atOnce = await emailsTo(t.staff.immediate, 'new-application')
    assert.equal(atOnce.length, 1, `no second email within ${BOARD_QUIET_MINUTES} minutes`)
    assert.match(atOnce[0]!.textBody, new RegExp(references[0]!))
    assert.equal((await emailsTo(t.staff.third, 'new-application')).length, 1)

    assert.equal(await t.services.act(sendNewApplicationsDigest, {}, SYSTEM), 3)
    const [caughtUp] = await emailsTo(t.staff.immediate, 'new-applications-digest')
    assert.match(caughtUp!.subject, /4 new applications/)
    for (const reference of references.slice(1)) assert.match(caughtUp!.textBody, new RegExp(reference))
    assert.doesNotMatch(caughtUp!.textBody, new RegExp(references[0]!), 'not the one already emailed')
    assert.match((await emailsTo(t.staff.digest, 'new-applications-digest'))[0]!.subject, /5 new applications/)

    // Once the board has been quiet for a while, the next application is emailed at once again.
    await t.database.dataSource.query(`UPDATE email_messages SET created_at = now() - make_interval(mins => $1)`, [BOARD_QUIET_MINUTES + 1])
    await t.services.act(submitApplication, { submissionKey: randomUUID(), answers }, APPLICANT)
    assert.equal((await emailsTo(t.staff.immediate, 'new-application')).length, 2)
  })

  it('sends no digest on a day with no new applications', async () => {
    assert.equal(await t.services.act(sendNewApplicationsDigest, {}, SYSTEM), 0)
  })
})

describe('review reminders', () => {
  it('remind members of applications waiting too long without a quorum, once a day, skipping their own reviews and conflicts', async () => {
    const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers }, APPLICANT)
    const [{ id }] = await t.database.dataSource.query(`SELECT id FROM applications WHERE reference = $1`, [reference])
    assert.equal(await t.services.act(sendReviewReminders, {}, SYSTEM), 0, 'not yet waiting long enough')

    await t.database.dataSource.query(`UPDATE applications SET submitted_at = now() - interval '8 days'`)
    await t.database.dataSource.query(`INSERT INTO reviews (application_id, reviewer_id, scores, recommendation) VALUES ($1, $2, '{}', 'maybe')`, [id, t.staff.immediate.id])
    await t.database.dataSource.query(`INSERT INTO conflicts_of_interest (application_id, staff_user_id) VALUES ($1, $2)`, [id, t.staff.third.id])
    assert.equal(await t.services.act(sendReviewReminders, {}, SYSTEM), 1)
    assert.equal(await t.services.act(sendReviewReminders, {}, SYSTEM), 0)
    const reminders = await t.database.dataSource.getRepository(EmailMessage).findBy({ template: 'review-reminder' })
    assert.deepEqual(reminders.map((r) => r.recipient), [t.staff.digest.email])
    assert.match(reminders[0]!.textBody, new RegExp(`${reference}: Events manager, waiting 8 days`))
  })

  it('stop once the quorum is reached', async () => {
    const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers }, APPLICANT)
    const [{ id }] = await t.database.dataSource.query(`SELECT id FROM applications WHERE reference = $1`, [reference])
    await t.database.dataSource.query(`UPDATE applications SET submitted_at = now() - interval '30 days'`)
    for (const member of [t.staff.immediate, t.staff.third]) {
      await t.database.dataSource.query(`INSERT INTO reviews (application_id, reviewer_id, scores, recommendation) VALUES ($1, $2, '{}', 'appoint')`, [id, member.id])
    }
    assert.equal(await t.services.act(sendReviewReminders, {}, SYSTEM), 0)
  })
})

describe('the choice of emails', () => {
  it('a board member chooses immediate emails or a daily digest on their account page', async () => {
    const member = await createStaff(t, ['board-member'], 'Cho Chooser')
    const agent = request.agent(t.app)
    await signIn(agent, member)
    const page = await agent.get('/account').expect(200)
    assert.match(page.text, /value="immediate" checked/)
    const refused = await agent.post('/account').type('form').send({ _csrf: csrfTokenFrom(page), newApplicationEmails: 'hourly' })
    assert.equal(refused.status, 400)
    await agent.post('/account').type('form').send({ _csrf: csrfTokenFrom(page), newApplicationEmails: 'digest' }).expect(303)
    const saved = await agent.get('/account')
    assert.match(saved.text, /value="digest" checked/)
    assert.match(saved.text, /Your email preference has been saved/)
    assert.equal((await t.database.dataSource.getRepository(StaffUser).findOneByOrFail({ id: member.id })).newApplicationEmails, 'digest')
  })
})
