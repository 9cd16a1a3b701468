// The pure parts of what applicants (and reviewers) read of an application: the answers as
// summary rows in each voice, and each role's status with what happens next.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { answerSummary, HIDDEN_UNTIL_SHORTLISTED, summaryOfApplyAnswers, summaryOfStoredAnswers, type StoredAnswers, type SummaryRow } from '../../src/domain/answer-summary.ts'
import { NOT_OFFERED_LABEL, roleProgress, type ApplicationProgress, type ProgressSettings } from '../../src/domain/applicant-next-steps.ts'
import type { RoleQuestion } from '../../src/domain/role-definition.ts'

const QUESTION: RoleQuestion = { key: 'site', label: 'Tell us about a website', hint: null, type: 'textarea', required: false, options: [], maxLength: 500 }
const YES_NO: RoleQuestion = { key: 'github', label: 'Do you use GitHub?', hint: null, type: 'yes-no', required: true, options: [], maxLength: null }

const stored: StoredAnswers & { nhsEmailVerified: boolean } = {
  identity: { fullName: 'Ada Lovelace', email: 'ada@example.org', phone: null, organisation: 'Barts Health', jobTitle: 'Analyst', nhsEmailDomain: 'nhs.net' },
  nhsEmployed: true,
  nhsEmailVerified: true,
  careerStage: 'apprentice',
  hoursAvailable: 'not-sure',
  motivation: 'Because.\n\nAnd more.',
  skills: ['HTML/CSS'],
  skillsOther: null,
  heardAbout: null,
  roles: [
    { title: 'Web developer', questions: [QUESTION, YES_NO], answers: { github: 'yes' } },
    { title: 'Events manager', questions: [], answers: {} },
  ],
}

const rows = (sections: ReturnType<typeof answerSummary>): Record<string, SummaryRow> => Object.fromEntries(sections.flatMap((section) => section.rows).map((row) => [row.key, row]))

describe('the answers as summary rows', () => {
  it('reads as the applicant wrote them, in their words, with the page that asks each', () => {
    const sections = answerSummary(summaryOfStoredAnswers(stored), 'applicant')
    assert.deepEqual(sections.map((section) => section.heading), ['Roles', 'About you', 'Your application'])
    const byKey = rows(sections)
    assert.deepEqual(byKey['Roles, in order of preference']!.value, { list: ['Web developer', 'Events manager'] })
    assert.deepEqual(byKey['Phone number']!.value, { text: 'Not given' })
    assert.deepEqual(byKey['Career stage']!.value, { text: 'Apprentice' })
    assert.deepEqual(byKey['Can give about 2 hours a week']!.value, { text: 'I am not sure yet' })
    assert.deepEqual(byKey['NHS email address']!.value, { text: 'Verified: an address on nhs.net' })
    assert.deepEqual(byKey['Why you would like to volunteer']!.value, { paragraphs: 'Because.\n\nAnd more.' })
    assert.deepEqual(byKey['Web developer: Tell us about a website']!.value, { text: 'Not answered' })
    assert.deepEqual(byKey['Web developer: Do you use GitHub?']!.value, { paragraphs: 'Yes' })
    assert.equal(byKey['Web developer: Do you use GitHub?']!.step, null, 'a stored application has no pages to change')
  })

  it('hides who applied from a reviewer under blind review, the NHS email domain and employer included', () => {
    const byKey = rows(answerSummary(summaryOfStoredAnswers({ ...stored, identity: null }), 'reviewer'))
    for (const key of ['Full name', 'Email address', 'Phone number', 'Organisation', 'Job title']) assert.deepEqual(byKey[key]!.value, { text: HIDDEN_UNTIL_SHORTLISTED }, key)
    assert.deepEqual(byKey['NHS email verified']!.value, { text: 'Yes' })
    assert.ok(byKey['Why they would like to volunteer'])
    assert.deepEqual(rows(answerSummary(summaryOfStoredAnswers(stored), 'reviewer'))['NHS email verified']!.value, { text: 'Yes, an address on nhs.net' })
  })

  it('from the session: Change links to each page, and rows only for the pages that were offered', () => {
    const answers = {
      roles: ['web'],
      fullName: 'Grace Hopper',
      email: 'grace@example.org',
      nhsEmployed: 'no' as const,
      organisation: 'Left over from an earlier answer',
      careerStage: 'student',
      hours: 'yes',
      motivation: 'To help.',
      skills: ['none-yet'],
      skillsOther: 'COBOL',
      roleAnswers: { web: { site: 'My blog' } },
    }
    const summary = summaryOfApplyAnswers(answers, [{ slug: 'web', title: 'Web developer', questions: [QUESTION] }], { nhsEmailOffered: false })
    const byKey = rows(answerSummary(summary, 'applicant'))
    assert.equal(byKey.Role!.step, 'roles')
    assert.equal(byKey['Web developer: Tell us about a website']!.step, 'questions/web')
    assert.equal(byKey['Web developer: Tell us about a website']!.changes, 'Tell us about a website')
    assert.equal(byKey['Works for the NHS or a health or care organisation']!.changes, 'whether you work for the NHS or a health or care organisation')
    assert.equal(byKey.Organisation, undefined, 'not asked of someone who does not work for the NHS')
    assert.equal(byKey['NHS email address'], undefined, 'the page was not offered')
    assert.deepEqual(byKey['Skills and experience']!.value, { lines: ['None of these yet', 'COBOL'] })
  })
})

const settings: ProgressSettings = {
  reminderDays: 7,
  quorum: 2,
  contactEmail: 'hello@example.org',
  now: new Date('2026-12-03T12:00:00Z'),
  formatDate: (date) => new Date(date).toISOString().slice(0, 10),
}

function application(overrides: Partial<ApplicationProgress> = {}): ApplicationProgress {
  return {
    status: 'submitted',
    submittedAt: new Date('2026-12-01T09:00:00Z'),
    roles: [
      { roleId: 'web', title: 'Web developer' },
      { roleId: 'events', title: 'Events manager' },
    ],
    offeredRoleId: null,
    offerRespondBy: null,
    unsuccessfulReason: null,
    unsuccessfulFeedback: null,
    executive: null,
    ...overrides,
  }
}

describe('each role’s status and what happens next', () => {
  it('shares the application’s status across its roles while the board considers it, with when to expect a review', () => {
    const [web, events] = roleProgress(application(), settings)
    assert.deepEqual(web, events && { ...events, title: 'Web developer' })
    assert.equal(web!.statusLabel, 'Received')
    assert.equal(web!.next.at(-1), 'Board members aim to review each application within 7 days of receiving it, so we expect yours to be reviewed by 2026-12-08.')
    const late = roleProgress(application({ status: 'in_review' }), { ...settings, now: new Date('2026-12-09T12:00:00Z'), quorum: 1 })[0]!
    assert.ok(late.next.includes('Once a board member has reviewed it, the community manager decides what happens next.'))
    assert.match(late.next.at(-1)!, /taking longer than we hoped/)
  })

  it('once one role is offered, the others were not offered, to the end', () => {
    for (const status of ['offered', 'accepted', 'onboarding', 'active', 'declined'] as const) {
      const [web, events] = roleProgress(application({ status, offeredRoleId: 'events', offerRespondBy: new Date('2026-12-10T12:00:00Z') }), settings)
      assert.deepEqual([web!.statusLabel, web!.colour, web!.next], [NOT_OFFERED_LABEL, 'grey', ['We offered you the Events manager role instead.']], status)
      assert.notEqual(events!.statusLabel, NOT_OFFERED_LABEL, status)
    }
    const [, offered] = roleProgress(application({ status: 'offered', offeredRoleId: 'events', offerRespondBy: new Date('2026-12-10T12:00:00Z') }), settings)
    assert.equal(offered!.next.at(-1), 'Please reply by 2026-12-10.')
    const [, expired] = roleProgress(application({ status: 'offered', offeredRoleId: 'events', offerRespondBy: new Date('2026-12-02T12:00:00Z') }), settings)
    assert.equal(expired!.next.at(-1), 'The links in the offer email have expired. If you would still like the role, email hello@example.org.')
  })

  it('an unsuccessful application says why in kind words, and never in red', () => {
    const [web] = roleProgress(application({ status: 'unsuccessful', unsuccessfulReason: 'closer-match' }), settings)
    assert.equal(web!.colour, 'grey')
    assert.equal(web!.next[0], 'We are not able to offer you a role this time, because other applications matched what the role needs more closely.')
    const [other] = roleProgress(application({ status: 'unsuccessful', unsuccessfulReason: 'other' }), settings)
    assert.doesNotMatch(other!.next.join(' '), /because/, 'the reason "other" is explained in the feedback instead')
  })
})
