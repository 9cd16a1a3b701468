import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { pickConversationTime } from '../../src/actions/conversations/pick-conversation-time.ts'
import { TimeTakenError } from '../../src/actions/conversations/conversation-locks.ts'
import { APPLICANT } from '../../src/services/audit.ts'
import request from 'supertest'
import { useTestApp } from '../helpers/app.ts'
import { calendarOf, futureTimes, offerFields, offerTimes, shortlistedApplication, slotIdsOf } from '../helpers/conversations.ts'
import { truncateData } from '../helpers/database.ts'
import { submitForm } from '../helpers/forms.ts'
import { signIn } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    boardA: { name: 'Bea Board', roles: ['board-member'] },
    boardB: { name: 'Ben Board', roles: ['board-member'] },
  },
})
const people = () => ({ manager: t.staff.manager, reviewers: [t.staff.boardA, t.staff.boardB] })

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['staff_users', 'sessions'] })
  await t.database.dataSource.query(`UPDATE settings SET contact_email = 'hello@example.org' WHERE id = 1`)
})

describe('a time offered to two applicants', () => {
  it('is held by one of them only, however their picks interleave; the other is told', async () => {
    const times = futureTimes(2)
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const bob = await shortlistedApplication(t, people(), 'bob@example.org')
    const adaToken = await offerTimes(t, ada, t.staff.manager, times)
    const bobToken = await offerTimes(t, bob, t.staff.manager, times)
    const [shared] = await slotIdsOf(t, ada.id)
    assert.deepEqual(await slotIdsOf(t, bob.id), await slotIdsOf(t, ada.id), 'the same times are one slot each')

    const results = await Promise.allSettled([
      t.services.act(pickConversationTime, { token: adaToken, slotId: shared! }, APPLICANT),
      t.services.act(pickConversationTime, { token: bobToken, slotId: shared! }, APPLICANT),
    ])
    const won = results.filter((result) => result.status === 'fulfilled')
    const lost = results.filter((result) => result.status === 'rejected')
    assert.equal(won.length, 1, 'one pick holds the time')
    assert.equal(lost.length, 1)
    assert.ok((lost[0] as PromiseRejectedResult).reason instanceof TimeTakenError, 'the other is told the time has gone')
    const booked: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM conversations WHERE slot_id = $1 AND status = 'booked'`, [shared])
    assert.equal(booked[0]!.count, '1')
  })

  it('is refused a second booking by the database itself', async () => {
    const times = futureTimes(2)
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const bob = await shortlistedApplication(t, people(), 'bob@example.org')
    await offerTimes(t, ada, t.staff.manager, times)
    await offerTimes(t, bob, t.staff.manager, times)
    const [shared] = await slotIdsOf(t, ada.id)
    await t.database.dataSource.query(`UPDATE conversations SET status = 'booked', slot_id = $1`, [shared]).then(
      () => assert.fail('two bookings of one time were stored'),
      (error: { driverError?: { constraint?: string } }) => assert.equal(error.driverError?.constraint, 'conversations_booked_slot_key'),
    )
  })
})

describe('booking a time', () => {
  it('emails the applicant and the staff taking part a calendar invitation that a calendar parser reads', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const token = await offerTimes(t, ada, t.staff.manager, futureTimes(3), { boardMemberIds: [t.staff.boardA.id] })
    const [, second] = await slotIdsOf(t, ada.id)
    const result = await t.services.act(pickConversationTime, { token, slotId: second! }, APPLICANT)
    assert.equal(result.state.kind, 'booked')
    const [conversation]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM conversations WHERE application_id = $1`, [ada.id])
    const times = futureTimes(3)
    for (const who of ['applicant', t.staff.manager.id, t.staff.boardA.id]) {
      const { method, event } = await calendarOf(t, `conversation-booked:${conversation!.id}:0:${who}`)
      assert.equal(method, 'REQUEST')
      assert.match(event.uid, new RegExp(`^${conversation!.id}@`), 'the UID is the conversation\'s')
      assert.equal(Number(event.sequence), 0)
      assert.equal(event.start.toISOString(), times[1]!.startsAt.toISOString())
      assert.equal(event.end?.toISOString(), times[1]!.endsAt.toISOString())
      assert.equal(event.location, 'https://meet.example.org/pyc')
      assert.match(JSON.stringify(event.organizer), /hello@example\.org/)
    }
    const others: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM email_messages WHERE key LIKE 'conversation-booked:%' AND recipient = $1`, [t.staff.boardB.email])
    assert.equal(others[0]!.count, '0', 'a board member not joining is not emailed')
  })
})

describe('offering times', () => {
  async function managerAgent() {
    const agent = request.agent(t.app)
    await signIn(agent, t.staff.manager)
    return agent
  }
  /** The error summary's links, as "#href: text". */
  const errorSummary = (text: string) =>
    [...(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(text)?.[0] ?? '').matchAll(/<a href="([^"]+)">([\s\S]*?)<\/a>/g)].map(([, href, words]) => `${href}: ${words!.trim()}`).join('\n')

  it('offers the times typed, moves the application to the conversation stage, and emails the applicant a link', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const agent = await managerAgent()
    const path = `/review/applications/${ada.reference}/conversation/new`
    const times = futureTimes(3)
    const response = await submitForm(agent, path, { version: ada.version, ...offerFields(times, { boardMemberIds: [t.staff.boardA.id] }) })
    assert.equal(response.status, 303, response.text.slice(0, 500))
    assert.equal(response.headers.location, `/review/applications/${ada.reference}/conversation`)
    const [application]: { status: string }[] = await t.database.dataSource.query(`SELECT status FROM applications WHERE id = $1`, [ada.id])
    assert.equal(application!.status, 'interview')
    assert.equal((await slotIdsOf(t, ada.id)).length, 3)
    const [email]: { text_body: string; reply_to: string }[] = await t.database.dataSource.query(`SELECT text_body, reply_to FROM email_messages WHERE template = 'conversation-times'`)
    assert.match(email!.text_body, /\/conversation\/\[one-time-link-1\]/, 'the link is stored redacted')
    assert.equal(email!.reply_to, 'hello@example.org')
    assert.doesNotMatch(email!.text_body, /reply to this email/i)
    const page = await agent.get(`/review/applications/${ada.reference}/conversation`).expect(200)
    assert.match(page.text, /Bea Board/)
  })

  it('shows the NHS error summary for missing, unreal, past and overlapping times, keeping what was typed', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const agent = await managerAgent()
    const path = `/review/applications/${ada.reference}/conversation/new`
    const [first] = futureTimes(1)
    // Earlier in the current minute: today, but past.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000)
    const past = { startsAt: minute, endsAt: new Date(minute.getTime() + 20 * 60 * 1000) }
    const overlapping = { startsAt: new Date(first!.startsAt.getTime() + 10 * 60 * 1000), endsAt: first!.endsAt }
    const fields = offerFields([first!, overlapping, past], { 'slot4-day': '31', 'slot4-month': '2', 'slot4-year': '2027', 'slot4-time': '6pm', 'slot5-day': '1', 'slot5-month': '1', 'slot5-year': '2030', 'slot5-time': 'teatime', how: '' })
    const response = await submitForm(agent, path, { version: ada.version, ...fields })
    assert.equal(response.status, 400)
    assert.match(response.text, /<title>Error: /)
    const summary = errorSummary(response.text)
    assert.match(summary, /^#slot2-day: The second time overlaps the first time$/m)
    assert.match(summary, /^#slot3-day: The third time must be in the future$/m)
    assert.match(summary, /^#slot4-day: The fourth time&#39;s date must be a real date$/m)
    assert.match(summary, /^#slot5-time: The fifth time must have a real start time, like 6:30pm or 18:30$/m)
    assert.match(summary, /^#how: Select how the conversation will happen$/m)
    assert.match(response.text, /value="teatime"/)
    const none = await submitForm(agent, path, { version: ada.version, duration: '20', how: 'phone' })
    assert.match(errorSummary(none.text), /^#slot1-day: Enter the date and start time of the first time$/m)
    assert.match(errorSummary(none.text), /^#slot2-day: Enter the date and start time of the second time$/m)
    const rows: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM conversations`)
    assert.equal(rows[0]!.count, '0', 'nothing was offered')
  })

  it('refuses a time that overlaps a conversation already booked with someone else', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const bob = await shortlistedApplication(t, people(), 'bob@example.org')
    const times = futureTimes(2)
    const token = await offerTimes(t, ada, t.staff.manager, times)
    const [firstSlot] = await slotIdsOf(t, ada.id)
    await t.services.act(pickConversationTime, { token, slotId: firstSlot! }, APPLICANT)
    const agent = await managerAgent()
    const shifted = { startsAt: new Date(times[0]!.startsAt.getTime() + 5 * 60 * 1000), endsAt: new Date(times[0]!.endsAt.getTime() + 5 * 60 * 1000) }
    const response = await submitForm(agent, `/review/applications/${bob.reference}/conversation/new`, { version: bob.version, ...offerFields([futureTimes(1, { daysAhead: 9 })[0]!, shifted]) })
    assert.equal(response.status, 400)
    assert.match(errorSummary(response.text), /^#slot2-day: The second time overlaps a conversation already booked with another applicant$/m)
  })

  it('is for community managers only', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const agent = request.agent(t.app)
    await signIn(agent, t.staff.boardA)
    await agent.get(`/review/applications/${ada.reference}/conversation/new`).expect(403)
  })
})
