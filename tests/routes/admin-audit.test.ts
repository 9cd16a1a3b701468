// The audit log in words: actions, subjects, statuses and notes as people read them, with names
// looked up as the page is shown, and no raw keys or ids in what the table says.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { tickOnboardingItem } from '../../src/actions/onboarding/tick-onboarding-item.ts'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { newExecutive, type NewExecutive } from '../helpers/review.ts'
import { signIn } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    admin: { name: 'Ada Admin', roles: ['admin'] },
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
  },
})

let executive: NewExecutive
let admin: ReturnType<typeof request.agent>

/** The table's text as a person reads it: tags gone (and with them the ids in the links' addresses). */
function tableText(html: string): string {
  const table = /<tbody[\s\S]*<\/tbody>/.exec(html)?.[0] ?? ''
  return table
    .replace(/<span class="nhsuk-table-responsive__heading"[^>]*>[\s\S]*?<\/span>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
}

t.before(async () => {
  executive = await newExecutive(t, { manager: t.staff.manager, reviewers: [t.staff.bea, t.staff.ben] }, { fullName: 'Eve Executive', email: 'eve@example.org' })
  const item = executive.items.find((each) => each.owner === 'community-manager')!
  await t.services.act(tickOnboardingItem, { executiveId: executive.id, itemId: item.id, done: true }, { type: 'staff', id: t.staff.manager.id })

  admin = request.agent(t.app)
  await signIn(admin, t.staff.admin)
  const form = await admin.get('/admin/settings').expect(200)
  const field = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.text)?.[1] ?? ''
  const fields = ['communityName', 'contactEmail', 'quorum', 'retentionMonths', 'referencePrefix', 'websiteUrl', 'slackInviteUrl', 'codeOfConductUrl', 'ssoButtonText']
  await admin
    .post('/admin/settings')
    .type('form')
    .send({
      _csrf: csrfTokenFrom(form),
      ...Object.fromEntries(fields.map((name) => [name, field(name)])),
      nhsEmailDomains: 'nhs.net\nnhs.uk',
      blindReview: 'no',
      staffSecondFactorRequired: 'no',
      reminderDays: '5',
      slackInviteUrl: 'https://join.slack.com/t/example/shared_invite/zt-1',
    })
    .expect(303)
  // A kind of event this page has no words for yet.
  await t.database.dataSource.query(
    `INSERT INTO "audit_events" ("actor_type", "action", "subject_type", "subject_id", "note") VALUES ('system', 'interest.double-opt-in_confirmed', 'interest_registration', NULL, 'topic: events')`,
  )
})

describe('the audit log in words', () => {
  it('shows actions, subjects, statuses and notes in words, with no raw keys or ids', async () => {
    const page = await admin.get('/admin/audit').expect(200)
    const text = tableText(page.text)
    for (const words of [
      'Settings changed',
      'Blind review changed from on to off. Reminder days changed from 7 to 5. Slack invite link changed.',
      'Checklist item done',
      'Welcome call with the community manager',
      'Executive: Eve Executive',
      'Executive record made',
      'Role: Web developer',
      'Offer accepted',
      'Offered a role',
      'Getting started',
      'Interest: double opt in confirmed',
      'Interest registration',
      'Topic: events',
    ]) {
      assert.ok(text.includes(words), `the table says "${words}"`)
    }
    assert.match(text, /Shortlisted → to Invited to a conversation/)
    assert.doesNotMatch(text, /\b(application|review|conflict|executive|onboarding|role|staff|settings|email|data)\.[a-z_-]+/, 'no action keys')
    assert.doesNotMatch(text, /reminder_days|blind_review|slack_invite_url|in_review|invite_to_interview/, 'no column or status keys')
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'no ids')
    // Each subject still leads to everything about it, by its id.
    assert.match(page.text, new RegExp(`href="/admin/audit\\?subject=${executive.id}"><span class="nhsuk-u-visually-hidden">Everything about </span>Eve Executive</a>`))
    assert.match(text, /Settings changed Subject Settings Everything about The service’s settings/)
    // The filter offers areas in words.
    assert.match(page.text, /<option value="settings\.">Settings<\/option>/)
  })

  it('no longer names someone whose details have gone', async () => {
    await t.database.dataSource.query(`UPDATE "executives" SET "name" = 'Erased' WHERE "id" = $1`, [executive.id])
    const page = await admin.get(`/admin/audit?subject=${executive.id}`).expect(200)
    assert.doesNotMatch(tableText(page.text), /Eve Executive/)
  })
})
