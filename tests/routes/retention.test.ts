import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { it } from 'node:test'
import { anonymiseExpiredApplications } from '../../src/actions/retention/anonymise-expired-applications.ts'
import { Application, AuditEvent, EmailMessage } from '../../src/entities/index.ts'
import { SYSTEM } from '../../src/services/audit.ts'
import { useTestApp } from '../helpers/app.ts'
import { submitApplication } from '../../src/actions/apply/submit-application.ts'
import { APPLICANT } from '../../src/services/audit.ts'

const t = useTestApp()

function answers(name: string, email: string) {
  return {
    roles: ['content-manager'],
    fullName: name,
    email,
    phone: '07700 900982',
    nhsEmployed: 'no' as const,
    careerStage: 'student',
    hours: 'yes',
    motivation: `I am ${name} and I love writing.`,
    skills: ['none-yet'],
    heardAbout: 'Slack',
    consent: true,
    equalityDone: true,
  }
}

it('anonymises closed applications once the retention period has passed, and nothing else', async () => {
  const repo = t.database.dataSource.getRepository(Application)
  const old = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: answers('Old Closed', 'old@example.org') }, APPLICANT)
  const recent = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: answers('Recent Closed', 'recent@example.org') }, APPLICANT)
  const open = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: answers('Old Open', 'open@example.org') }, APPLICANT)
  await t.database.dataSource.query(
    `UPDATE applications SET status = 'unsuccessful', unsuccessful_reason = 'other', unsuccessful_feedback = 'Old Closed, your talk was great', status_changed_at = now() - interval '7 months' WHERE reference = $1`,
    [old.reference],
  )
  await t.database.dataSource.query(`UPDATE applications SET status = 'withdrawn', status_changed_at = now() - interval '5 months' WHERE reference = $1`, [recent.reference])
  await t.database.dataSource.query(`UPDATE applications SET status_changed_at = now() - interval '2 years', submitted_at = now() - interval '2 years' WHERE reference = $1`, [open.reference])
  await t.database.dataSource.query(`UPDATE email_messages SET status = 'sent'`)

  assert.equal(await t.services.act(anonymiseExpiredApplications, {}, SYSTEM), 1)
  assert.equal(await t.services.act(anonymiseExpiredApplications, {}, SYSTEM), 0, 'running again changes nothing')

  const erased = await repo.findOneByOrFail({ reference: old.reference })
  assert.equal(erased.status, 'unsuccessful')
  assert.ok(erased.erasedAt)
  for (const field of ['fullName', 'email', 'phone', 'motivation', 'heardAbout', 'careerStage', 'unsuccessfulFeedback'] as const) assert.equal(erased[field], null, field)
  const everything = JSON.stringify(await t.database.dataSource.query(`SELECT * FROM applications a JOIN application_roles r ON r.application_id = a.id WHERE a.id = $1`, [erased.id]))
  assert.ok(!everything.includes('Old Closed') && !everything.includes('old@example.org'))
  const emails = JSON.stringify(await t.database.dataSource.getRepository(EmailMessage).find())
  assert.ok(!emails.includes('old@example.org') && !emails.includes('Old Closed'))
  assert.ok(emails.includes('recent@example.org'), 'other applicants keep their emails')
  assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ subjectId: erased.id, action: 'application.anonymised' }), 1)

  assert.equal((await repo.findOneByOrFail({ reference: recent.reference })).fullName, 'Recent Closed')
  assert.equal((await repo.findOneByOrFail({ reference: open.reference })).fullName, 'Old Open', 'open applications are never anonymised')
})

it('follows the retention setting', async () => {
  const shortLived = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: answers('Short Lived', 'short@example.org') }, APPLICANT)
  await t.database.dataSource.query(`UPDATE applications SET status = 'declined', status_changed_at = now() - interval '40 days' WHERE reference = $1`, [shortLived.reference])
  assert.equal(await t.services.act(anonymiseExpiredApplications, {}, SYSTEM), 0)
  await t.database.dataSource.query(`UPDATE settings SET retention_months = 1`)
  // This one, and the application withdrawn 5 months ago in the test above.
  assert.equal(await t.services.act(anonymiseExpiredApplications, {}, SYSTEM), 2)
  assert.equal((await t.database.dataSource.getRepository(Application).findOneByOrFail({ reference: shortLived.reference })).fullName, null)
})
