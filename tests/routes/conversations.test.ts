import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { pickConversationTime } from '../../src/actions/conversations/pick-conversation-time.ts'
import { TimeTakenError } from '../../src/actions/conversations/conversation-locks.ts'
import { formatTimeRange } from '../../src/domain/conversation.ts'
import { recordConversationNotes } from '../../src/actions/conversations/record-conversation-notes.ts'
import { eraseApplicant } from '../../src/actions/my-application/erase-applicant.ts'
import { sendConversationReminders } from '../../src/actions/conversations/send-conversation-reminders.ts'
import { APPLICANT, SYSTEM } from '../../src/services/audit.ts'
import request from 'supertest'
import { useTestApp } from '../helpers/app.ts'
import { calendarOf, conversationTookPlace, futureTimes, offerFields, offerTimes, shortlistedApplication, slotIdsOf } from '../helpers/conversations.ts'
import { truncateData } from '../helpers/database.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { signInApplicant } from '../helpers/review.ts'
import { signIn } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    boardA: { name: 'Bea Board', roles: ['board-member'] },
    boardB: { name: 'Ben Board', roles: ['board-member'] },
    admin: { name: 'Adam Admin', roles: ['admin'] },
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

describe('times offered to two applicants that overlap', () => {
  it('are booked by one of them only, however their picks interleave; the other sees theirs taken', async () => {
    const [adas] = futureTimes(2)
    // Bob's first time starts ten minutes into Ada's; his second is the day after hers.
    const bobs = futureTimes(2).map((time) => ({ startsAt: new Date(time.startsAt.getTime() + 10 * 60_000), endsAt: new Date(time.endsAt.getTime() + 10 * 60_000) }))
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const bob = await shortlistedApplication(t, people(), 'bob@example.org')
    const adaToken = await offerTimes(t, ada, t.staff.manager, [adas!, futureTimes(2, { daysAhead: 10 })[0]!])
    const bobToken = await offerTimes(t, bob, t.staff.manager, bobs)
    const [adaFirst] = await slotIdsOf(t, ada.id)
    const [bobFirst] = await slotIdsOf(t, bob.id)
    assert.notEqual(adaFirst, bobFirst, 'different times, so different slots')

    const results = await Promise.allSettled([
      t.services.act(pickConversationTime, { token: adaToken, slotId: adaFirst! }, APPLICANT),
      t.services.act(pickConversationTime, { token: bobToken, slotId: bobFirst! }, APPLICANT),
    ])
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1, 'one of the overlapping times is booked')
    const lost = results.find((result) => result.status === 'rejected') as PromiseRejectedResult
    assert.ok(lost.reason instanceof TimeTakenError, 'the other is told the time has gone')
    const booked: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM conversations WHERE status = 'booked'`)
    assert.equal(booked[0]!.count, '1')

    // The one who lost is no longer offered the time that overlaps, but still their other one.
    const adaLost = results[0]!.status === 'rejected'
    const page = await request(t.app).get(`/conversation/${adaLost ? adaToken : bobToken}`).expect(200)
    const [overlapping, other] = adaLost ? [adas!, futureTimes(2, { daysAhead: 10 })[0]!] : bobs
    assert.ok(!page.text.includes(formatTimeRange(overlapping!)), 'the overlapping time is not offered')
    assert.ok(page.text.includes(formatTimeRange(other!)), 'the other time is')
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

describe('the email log', () => {
  it('names the calendar file an email was sent with, for support staff', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const token = await offerTimes(t, ada, t.staff.manager, futureTimes(2))
    await t.services.act(pickConversationTime, { token, slotId: (await slotIdsOf(t, ada.id))[0]! }, APPLICANT)
    const [email]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM email_messages WHERE template = 'conversation-booked' AND recipient = $1`, [t.staff.manager.email])
    const agent = request.agent(t.app)
    await signIn(agent, t.staff.admin)
    const page = await agent.get(`/admin/emails/${email!.id}`).expect(200)
    assert.match(page.text, /Attachments\s*<\/dt>\s*<dd class="nhsuk-summary-list__value">\s*invite\.ics/)
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

  it('makes one conversation when the form is sent twice at once', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const agent = await managerAgent()
    const path = `/review/applications/${ada.reference}/conversation/new`
    const form = await agent.get(path).expect(200)
    const fields = { _csrf: csrfTokenFrom(form), version: ada.version, ...offerFields(futureTimes(2)) }
    const responses = await Promise.all([agent.post(path).type('form').send(fields), agent.post(path).type('form').send(fields)])
    assert.deepEqual(responses.map((response) => response.status).sort(), [303, 409])
    const rows: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM conversations`)
    assert.equal(rows[0]!.count, '1')
    const emails: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM email_messages WHERE template = 'conversation-times'`)
    assert.equal(emails[0]!.count, '1')
  })

  it('is for community managers only', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const agent = request.agent(t.app)
    await signIn(agent, t.staff.boardA)
    await agent.get(`/review/applications/${ada.reference}/conversation/new`).expect(403)
  })
})

describe('the link in the invitation', () => {
  async function invited(email = 'ada@example.org', times = futureTimes(3)) {
    const application = await shortlistedApplication(t, people(), email)
    const token = await offerTimes(t, application, t.staff.manager, times, { boardMemberIds: [t.staff.boardA.id] })
    return { application, token, slots: await slotIdsOf(t, application.id) }
  }
  const fingerprint = async () =>
    JSON.stringify(await t.database.dataSource.query(`SELECT status, slot_id, version, sequence FROM conversations ORDER BY id`)) +
    JSON.stringify(await t.database.dataSource.query(`SELECT count(*) FROM email_messages`))

  it('shows the times on a GET and changes nothing', async () => {
    const { token } = await invited()
    const before = await fingerprint()
    const page = await request(t.app).get(`/conversation/${token}`).expect(200)
    assert.match(page.text, /Choose a time for your conversation/)
    assert.equal(page.headers['cache-control'], 'no-store')
    for (const time of futureTimes(3)) assert.ok(page.text.includes(formatTimeRange(time)), `shows ${formatTimeRange(time)}`)
    assert.equal(await fingerprint(), before)
  })

  it('books the time picked, and then shows it, with ways to change or cancel; picking again changes nothing', async () => {
    const { token, slots } = await invited()
    const agent = request.agent(t.app)
    const form = await agent.get(`/conversation/${token}`).expect(200)
    const picked = await agent.post(`/conversation/${token}`).type('form').send({ _csrf: csrfTokenFrom(form), slotId: slots[1] })
    assert.equal(picked.status, 303)
    assert.equal(picked.headers.location, `/conversation/${token}`)
    const page = await agent.get(`/conversation/${token}`).expect(200)
    assert.match(page.text, /Your conversation is booked/)
    assert.ok(page.text.includes(formatTimeRange(futureTimes(3)[1]!)))
    assert.match(page.text, /Change the time/)
    const before = await fingerprint()
    // A second form sent from the page as it was (a double submit, or the link used again).
    const again = await agent.post(`/conversation/${token}`).type('form').send({ _csrf: csrfTokenFrom(form), slotId: slots[0] })
    assert.equal(again.status, 409)
    assert.equal(await fingerprint(), before)
  })

  it('asks for a choice, and for a suggestion when none suits, with the error summary', async () => {
    const { token } = await invited()
    const nothing = await submitForm(request.agent(t.app), `/conversation/${token}`, {})
    assert.equal(nothing.status, 400)
    assert.match(nothing.text, /href="#slotId">\s*Select a time, or that none of them suits you/)
    const noWords = await submitForm(request.agent(t.app), `/conversation/${token}`, { slotId: 'none' })
    assert.match(noWords.text, /href="#suggestion">\s*Enter the days and times that would suit you/)
    const agent = request.agent(t.app)
    const sent = await submitForm(agent, `/conversation/${token}`, { slotId: 'none', suggestion: 'Weekday evenings after 7pm' })
    assert.equal(sent.status, 303)
    assert.match((await agent.get(`/conversation/${token}`)).text, /We will be in touch with other times/)
    const [email]: { recipient: string; text_body: string }[] = await t.database.dataSource.query(`SELECT recipient, text_body FROM email_messages WHERE template = 'conversation-none-suit'`)
    assert.equal(email!.recipient, t.staff.manager.email)
    assert.match(email!.text_body, /Weekday evenings after 7pm/)
  })

  it('does not work tampered with, and says so; expired once the last time has passed', async () => {
    const { token } = await invited()
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    await request(t.app).get(`/conversation/${tampered}`).expect(404)
    await request(t.app).get('/conversation/not-a-token').expect(400)
    await t.database.dataSource.query(`UPDATE conversations SET expires_at = now() - interval '1 minute'`)
    const expired = await request(t.app).get(`/conversation/${token}`).expect(410)
    assert.match(expired.text, /This link has expired/)
  })

  it('lets one of two applicants racing for a time have it, and shows the other the times left', async () => {
    const times = futureTimes(3)
    const ada = await invited('ada@example.org', times)
    const bob = await invited('bob@example.org', times)
    const agents = [request.agent(t.app), request.agent(t.app)]
    const pages = await Promise.all([agents[0]!.get(`/conversation/${ada.token}`), agents[1]!.get(`/conversation/${bob.token}`)])
    const responses = await Promise.all([
      agents[0]!.post(`/conversation/${ada.token}`).type('form').send({ _csrf: csrfTokenFrom(pages[0]!), slotId: ada.slots[0] }),
      agents[1]!.post(`/conversation/${bob.token}`).type('form').send({ _csrf: csrfTokenFrom(pages[1]!), slotId: bob.slots[0] }),
    ])
    assert.deepEqual(responses.map((response) => response.status).sort(), [303, 409])
    const loser = responses.find((response) => response.status === 409)!
    assert.match(loser.text, /That time has just been taken by someone else/)
    assert.ok(!loser.text.includes(formatTimeRange(times[0]!)), 'the time taken is not offered')
    assert.ok(loser.text.includes(formatTimeRange(times[1]!)) && loser.text.includes(formatTimeRange(times[2]!)), 'the rest are')
  })

  it('tells an applicant whose page was shown before another booked the time that it has just been taken, not to select a time', async () => {
    const times = futureTimes(3)
    const ada = await invited('ada@example.org', times)
    const bob = await invited('bob@example.org', times)
    const bobAgent = request.agent(t.app)
    const bobPage = await bobAgent.get(`/conversation/${bob.token}`).expect(200)
    await submitForm(request.agent(t.app), `/conversation/${ada.token}`, { slotId: ada.slots[0] }).then((response) => assert.equal(response.status, 303))
    const late = await bobAgent.post(`/conversation/${bob.token}`).type('form').send({ _csrf: csrfTokenFrom(bobPage), slotId: bob.slots[0] })
    assert.equal(late.status, 409)
    assert.match(late.text, /That time has just been taken by someone else/)
    assert.ok(!late.text.includes(formatTimeRange(times[0]!)), 'the time taken is not offered')
  })

  it('moves a booking to another time with a reason: everyone gets the same UID at the next SEQUENCE; cancelling sends CANCEL', async () => {
    const { application, token, slots } = await invited()
    const agent = request.agent(t.app)
    await submitForm(agent, `/conversation/${token}`, { slotId: slots[0] })
    const noReason = await submitForm(agent, `/conversation/${token}/change`, { slotId: slots[2] })
    assert.equal(noReason.status, 400)
    assert.match(noReason.text, /href="#reason">\s*Enter why the conversation is moving/)
    const moved = await submitForm(agent, `/conversation/${token}/change`, { slotId: slots[2], reason: 'I am on call that evening' })
    assert.equal(moved.status, 303)
    const [conversation]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM conversations WHERE application_id = $1`, [application.id])
    const id = conversation!.id
    for (const who of ['applicant', t.staff.manager.id, t.staff.boardA.id]) {
      const first = await calendarOf(t, `conversation-booked:${id}:0:${who}`)
      const update = await calendarOf(t, `conversation-rescheduled:${id}:1:${who}`)
      assert.equal(update.method, 'REQUEST')
      assert.equal(update.event.uid, first.event.uid, 'the same event, updated in place')
      assert.equal(Number(update.event.sequence), 1)
      assert.equal(update.event.start.toISOString(), futureTimes(3)[2]!.startsAt.toISOString())
    }
    const [movedEmail]: { text_body: string }[] = await t.database.dataSource.query(`SELECT text_body FROM email_messages WHERE key = $1`, [`conversation-rescheduled:${id}:1:${t.staff.manager.id}`])
    assert.match(movedEmail!.text_body, /I am on call that evening/)
    // The first time is free again for others.
    const [free]: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM conversations WHERE slot_id = $1 AND status = 'booked'`, [slots[0]])
    assert.equal(free!.count, '0')

    const cancelled = await submitForm(agent, `/conversation/${token}/cancel`, { reason: 'I have taken another role' })
    assert.equal(cancelled.status, 303)
    for (const who of ['applicant', t.staff.manager.id, t.staff.boardA.id]) {
      const cancel = await calendarOf(t, `conversation-cancelled:${id}:2:${who}`)
      assert.equal(cancel.method, 'CANCEL')
      assert.equal(Number(cancel.event.sequence), 2)
      assert.equal(cancel.event.status, 'CANCELLED')
    }
    const audit: { action: string; actor_type: string }[] = await t.database.dataSource.query(
      `SELECT action, actor_type FROM audit_events WHERE action LIKE 'conversation.%' ORDER BY occurred_at, action`,
    )
    assert.deepEqual(audit.map((row) => row.action), ['conversation.offered', 'conversation.booked', 'conversation.rescheduled', 'conversation.cancelled'])
    assert.match((await agent.get(`/conversation/${token}`)).text, /This conversation is cancelled/)
  })
})

describe('moving and cancelling, signed in or as a community manager', () => {
  it('lets the applicant signed in at /my-application move their conversation, and nobody else’s', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const bob = await shortlistedApplication(t, people(), 'bob@example.org')
    const adaToken = await offerTimes(t, ada, t.staff.manager, futureTimes(3))
    const bobToken = await offerTimes(t, bob, t.staff.manager, futureTimes(3, { daysAhead: 10 }))
    const adaSlots = await slotIdsOf(t, ada.id)
    await t.services.act(pickConversationTime, { token: adaToken, slotId: adaSlots[0]! }, APPLICANT)
    await t.services.act(pickConversationTime, { token: bobToken, slotId: (await slotIdsOf(t, bob.id))[0]! }, APPLICANT)
    const agent = request.agent(t.app)
    await signInApplicant(t, agent, ada.email)
    const page = await agent.get(`/my-application/${ada.reference}`).expect(200)
    assert.match(page.text, /Your conversation/)
    assert.ok(page.text.includes(formatTimeRange(futureTimes(3)[0]!)))
    await agent.get(`/my-application/${bob.reference}/conversation/change`).expect(404)
    const moved = await submitForm(agent, `/my-application/${ada.reference}/conversation/change`, { slotId: adaSlots[1], reason: 'A clash with work' })
    assert.equal(moved.status, 303)
    const [row]: { slot_id: string; sequence: number }[] = await t.database.dataSource.query(`SELECT slot_id, sequence FROM conversations WHERE application_id = $1`, [ada.id])
    assert.deepEqual(row, { slot_id: adaSlots[1], sequence: 1 })
  })

  it('lets a community manager move or cancel it with a reason, telling everyone', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const token = await offerTimes(t, ada, t.staff.manager, futureTimes(3), { boardMemberIds: [t.staff.boardB.id] })
    const slots = await slotIdsOf(t, ada.id)
    await t.services.act(pickConversationTime, { token, slotId: slots[0]! }, APPLICANT)
    const agent = request.agent(t.app)
    await signIn(agent, t.staff.manager)
    const base = `/review/applications/${ada.reference}/conversation`
    const noReason = await submitForm(agent, `${base}/move`, { slotId: slots[1] })
    assert.equal(noReason.status, 400)
    assert.match(noReason.text, /href="#reason">\s*Enter why the conversation is moving/)
    assert.equal((await submitForm(agent, `${base}/move`, { slotId: slots[1], reason: 'Bea is ill' })).status, 303)
    assert.equal((await submitForm(agent, `${base}/cancel`, { reason: 'The role has been filled' })).status, 303)
    const [conversation]: { id: string; status: string; cancel_reason: string }[] = await t.database.dataSource.query(`SELECT id, status, cancel_reason FROM conversations WHERE application_id = $1`, [ada.id])
    assert.equal(conversation!.status, 'cancelled')
    assert.equal(conversation!.cancel_reason, 'The role has been filled')
    for (const who of ['applicant', t.staff.manager.id, t.staff.boardB.id]) {
      assert.equal((await calendarOf(t, `conversation-rescheduled:${conversation!.id}:1:${who}`)).method, 'REQUEST')
      assert.equal((await calendarOf(t, `conversation-cancelled:${conversation!.id}:2:${who}`)).method, 'CANCEL')
    }
    const audit: { action: string; actor_type: string }[] = await t.database.dataSource.query(`SELECT action, actor_type FROM audit_events WHERE action IN ('conversation.rescheduled', 'conversation.cancelled') ORDER BY occurred_at`)
    assert.deepEqual(audit, [
      { action: 'conversation.rescheduled', actor_type: 'staff' },
      { action: 'conversation.cancelled', actor_type: 'staff' },
    ])
    // Cancelled: new times may be offered.
    assert.match((await agent.get(base)).text, /Offer new times/)
  })
})

describe('reminders', () => {
  it('are sent the day before, once, however many workers run them and however often', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const times = futureTimes(2, { daysAhead: 1 })
    const token = await offerTimes(t, ada, t.staff.manager, times, { boardMemberIds: [t.staff.boardA.id] })
    await t.services.act(pickConversationTime, { token, slotId: (await slotIdsOf(t, ada.id))[0]! }, APPLICANT)
    const dayBefore = new Date(times[0]!.startsAt.getTime() - 24 * 60 * 60 * 1000)
    const twoDaysBefore = new Date(dayBefore.getTime() - 24 * 60 * 60 * 1000)
    assert.equal(await t.services.act(sendConversationReminders, { now: twoDaysBefore }, SYSTEM), 0, 'not two days before')
    const counts = await Promise.all([
      t.services.act(sendConversationReminders, { now: dayBefore }, SYSTEM),
      t.services.act(sendConversationReminders, { now: dayBefore }, SYSTEM),
    ])
    assert.equal(counts[0]! + counts[1]!, 1, 'one of two workers at once reminds')
    assert.equal(await t.services.act(sendConversationReminders, { now: new Date(dayBefore.getTime() + 60 * 60 * 1000) }, SYSTEM), 0, 'a later run sends nothing')
    const sent: { recipient: string }[] = await t.database.dataSource.query(`SELECT recipient FROM email_messages WHERE template = 'conversation-reminder' ORDER BY recipient`)
    assert.deepEqual(sent.map((row) => row.recipient).sort(), [ada.email, t.staff.boardA.email, t.staff.manager.email].sort())
  })
})

describe('notes after the conversation', () => {
  it('are each staff member’s own until sent, then shown to the others and on the decision page beside the review tally', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const token = await offerTimes(t, ada, t.staff.manager, futureTimes(2), { boardMemberIds: [t.staff.boardA.id] })
    await t.services.act(pickConversationTime, { token, slotId: (await slotIdsOf(t, ada.id))[0]! }, APPLICANT)
    const base = `/review/applications/${ada.reference}/conversation`
    const bea = request.agent(t.app)
    await signIn(bea, t.staff.boardA)
    const cora = request.agent(t.app)
    await signIn(cora, t.staff.manager)
    const ben = request.agent(t.app)
    await signIn(ben, t.staff.boardB)
    await ben.get(`${base}/notes`).expect(404)
    await ben.get(base).expect(404)
    await bea.get(`${base}/notes`).expect(404)
    assert.match((await bea.get(base)).text, /You can record your notes once the conversation has started/)
    await conversationTookPlace(t, ada.id)

    const empty = await submitForm(bea, `${base}/notes`, { submit: 'yes' })
    assert.equal(empty.status, 400)
    assert.match(empty.text, /href="#notes">\s*Enter your notes on the conversation/)
    assert.match(empty.text, /href="#recommendation">\s*Select your recommendation/)
    assert.equal((await submitForm(bea, `${base}/notes`, { notes: 'Thoughtful about accessibility.', recommendation: 'offer', submit: 'no' })).status, 303)
    assert.doesNotMatch((await cora.get(base)).text, /Thoughtful about accessibility/, 'a draft is its author’s own')
    assert.match((await bea.get(`${base}/notes`)).text, /Thoughtful about accessibility/)
    // Sent twice at once (a double click): one record.
    const form = await bea.get(`${base}/notes`)
    const fields = { _csrf: csrfTokenFrom(form), notes: 'Thoughtful about accessibility; keen to learn.', recommendation: 'offer', submit: 'yes' }
    await Promise.all([bea.post(`${base}/notes`).type('form').send(fields), bea.post(`${base}/notes`).type('form').send(fields)])
    const rows: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM conversation_notes`)
    assert.equal(rows[0]!.count, '1')
    assert.match((await cora.get(base)).text, /keen to learn/)
    await bea.get(`${base}/notes`).expect(303)
    assert.equal((await submitForm(cora, `${base}/notes`, { notes: 'Good questions about the role.', recommendation: 'unsure', submit: 'yes' })).status, 303)

    const decision = await cora.get(`/review/applications/${ada.reference}/decision`).expect(200)
    assert.match(decision.text, /Board reviews/)
    assert.match(decision.text, /After the conversation/)
    assert.match(decision.text, /Bea Board: offer a role; Cora Manager: not sure/)
    assert.match(decision.text, /keen to learn/)
  })
})

describe('board members’ availability', () => {
  it('is said on their own page, and shown to the community manager offering times', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const bob = await shortlistedApplication(t, people(), 'bob@example.org')
    const times = futureTimes(2)
    await offerTimes(t, ada, t.staff.manager, times)
    const [first, second] = await slotIdsOf(t, ada.id)
    const bea = request.agent(t.app)
    await signIn(bea, t.staff.boardA)
    const page = await bea.get('/review/availability').expect(200)
    assert.ok(page.text.includes(formatTimeRange(times[0]!)))
    const saved = await bea.post('/review/availability').type('form').send({ _csrf: csrfTokenFrom(page), shown: [first, second], suits: [second] })
    assert.equal(saved.status, 303)
    const rows: { slot_id: string; suits: boolean }[] = await t.database.dataSource.query(`SELECT slot_id, suits FROM conversation_availability WHERE staff_user_id = $1 ORDER BY suits`, [t.staff.boardA.id])
    assert.deepEqual(rows, [{ slot_id: first, suits: false }, { slot_id: second, suits: true }])
    const cora = request.agent(t.app)
    await signIn(cora, t.staff.manager)
    const offering = await cora.get(`/review/applications/${bob.reference}/conversation/new`).expect(200)
    assert.ok(offering.text.includes(`Said these times suit them: ${formatTimeRange(times[1]!)}`))
    const manager = request.agent(t.app)
    await signIn(manager, t.staff.manager)
    await manager.get('/review/availability').expect(403)
  })
})

describe('erasing the applicant’s information', () => {
  it('ends their conversation, frees its time, and removes what they wrote and the notes on them', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const token = await offerTimes(t, ada, t.staff.manager, futureTimes(2))
    const [slot] = await slotIdsOf(t, ada.id)
    await t.services.act(pickConversationTime, { token, slotId: slot! }, APPLICANT)
    const [conversation]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM conversations WHERE application_id = $1`, [ada.id])
    await t.services.act(recordConversationNotes, { conversationId: conversation!.id, notes: 'Lovely to meet.', recommendation: 'offer', submit: true }, { type: 'staff', id: t.staff.manager.id })
    await t.services.act(eraseApplicant, { email: ada.email, sessionId: 'no-such-session' }, APPLICANT)
    const [row]: { status: string; suggestion: string | null }[] = await t.database.dataSource.query(`SELECT status, suggestion FROM conversations WHERE id = $1`, [conversation!.id])
    assert.deepEqual(row, { status: 'cancelled', suggestion: null })
    const notes: unknown[] = await t.database.dataSource.query(`SELECT 1 FROM conversation_notes`)
    assert.equal(notes.length, 0)
    await request(t.app).get(`/conversation/${token}`).expect(404)

    // The community manager who offered the times is sent the CANCEL of the same event, naming the
    // application by its reference only; nothing new is written to the applicant.
    const { method, event } = await calendarOf(t, `conversation-cancelled:${conversation!.id}:1:${t.staff.manager.id}`)
    assert.equal(method, 'CANCEL')
    assert.match(event.uid, new RegExp(`^${conversation!.id}@`))
    assert.equal(Number(event.sequence), 1)
    const [told]: { text_body: string }[] = await t.database.dataSource.query(`SELECT text_body FROM email_messages WHERE key = $1`, [`conversation-cancelled:${conversation!.id}:1:${t.staff.manager.id}`])
    assert.match(told!.text_body, new RegExp(`The conversation with the applicant \\(application ${ada.reference}\\) on .+ is cancelled`))
    assert.match(told!.text_body, /withdrawn and their details deleted/)
    assert.doesNotMatch(told!.text_body, /Applicant ada/, "the applicant's name is not written anywhere new")
    const toApplicant: unknown[] = await t.database.dataSource.query(`SELECT 1 FROM email_messages WHERE recipient = $1`, [ada.email])
    assert.equal(toApplicant.length, 0)
  })

  it('leaves a conversation that took place as it was, and tells no one', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const token = await offerTimes(t, ada, t.staff.manager, futureTimes(2))
    await t.services.act(pickConversationTime, { token, slotId: (await slotIdsOf(t, ada.id))[0]! }, APPLICANT)
    await conversationTookPlace(t, ada.id)
    await t.services.act(eraseApplicant, { email: ada.email, sessionId: 'no-such-session' }, APPLICANT)
    const [row]: { status: string; sequence: number }[] = await t.database.dataSource.query(`SELECT status, sequence FROM conversations WHERE application_id = $1`, [ada.id])
    assert.deepEqual(row, { status: 'booked', sequence: 0 })
    const cancels: unknown[] = await t.database.dataSource.query(`SELECT 1 FROM email_messages WHERE template = 'conversation-cancelled'`)
    assert.equal(cancels.length, 0)
  })
})
