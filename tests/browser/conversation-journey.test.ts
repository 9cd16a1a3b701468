// A conversation in Chromium: the community manager offers three times (meeting the form's error
// state first), the applicant picks one from the link in the email delivered to a real SMTP
// server by the real worker, the applicant and the staff taking part receive the calendar
// invitation (.ics, read with a real iCalendar parser), the applicant moves it to another time,
// and a board member records their notes. Axe runs on every page and error state; everything is
// done with the keyboard: links and buttons with Enter, radios and checkboxes with Space.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { formatTimeRange } from '../../src/domain/conversation.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { expectReflowAt320, useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton, signInWithKeyboard } from '../helpers/browser-forms.ts'
import { conversationTookPlace, futureTimes, offerFields, parseCalendar, shortlistedApplication } from '../helpers/conversations.ts'
import type { SubmittedApplication } from '../helpers/review.ts'
import { SmtpSink, type ReceivedMessage } from '../helpers/smtp-sink.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'
import { sendMailTo } from '../helpers/worker.ts'

const t = useBrowserApp()
const sink = new SmtpSink()
let manager: StaffUser
let boardA: StaffUser
let boardB: StaffUser
let application: SubmittedApplication
const times = futureTimes(3, { daysAhead: 4 })

t.before(async () => {
  await sendMailTo(t, sink)
  manager = await createStaff(t, ['community-manager'], 'Cora Manager')
  boardA = await createStaff(t, ['board-member'], 'Bea Board')
  boardB = await createStaff(t, ['board-member'], 'Ben Board')
  await t.database.dataSource.query(`UPDATE settings SET contact_email = 'hello@example.org' WHERE id = 1`)
  application = await shortlistedApplication(t, { manager, reviewers: [boardA, boardB] }, 'grace.hopper@example.org')
})

const url = (path: string) => t.server.baseUrl + path
const text = async (page: Page, selector = 'main') => ((await page.locator(selector).innerText()) ?? '').replace(/\s+/g, ' ')

/** Selects a radio or ticks a checkbox from the keyboard. */
async function choose(target: Locator): Promise<void> {
  await target.focus()
  await target.press('Space')
  assert.ok(await target.isChecked(), 'chosen with the space bar')
}

async function follow(page: Page, link: string): Promise<void> {
  await arriveAfter(page, () => page.getByRole('link', { name: link, exact: true }).press('Enter'))
}

const signInAs = (page: Page, user: StaffUser, landsOn: string) => signInWithKeyboard(page, url('/sign-in'), { email: user.email, password: STAFF_PASSWORD }, landsOn)

const to = (address: string, subject: RegExp) => (message: ReceivedMessage) => message.envelopeTo.includes(address) && subject.test(message.mail.subject ?? '')

/** The calendar file attached to a received email, parsed. */
function calendarIn(message: ReceivedMessage) {
  const attachment = message.mail.attachments.find((each) => each.contentType === 'text/calendar')
  assert.ok(attachment, `"${message.mail.subject}" has a calendar file`)
  assert.match(attachment.filename ?? '', /\.ics$/)
  return parseCalendar(attachment.content.toString('utf8'))
}

describe('a conversation arranged in the browser', () => {
  it('is offered, picked from the email, put in calendars, moved and noted', async () => {
    const reference = application.reference
    // The community manager offers three times.
    const m = await t.newPage()
    await signInAs(m, manager, '/review')
    await open(m, url(`/review/applications/${reference}`))
    await follow(m, 'Offer times for a conversation')
    assert.equal(pathOf(m), `/review/applications/${reference}/conversation/new`)
    await expectReflowAt320(m)
    await pressButton(m, 'Offer these times and email the applicant')
    await expectErrorState(m, { field: 'slot1-day', message: 'Enter the date and start time of the first time' })

    const fields = offerFields(times)
    const typed = Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('slot')).map(([name, value]) => [name, String(value)]))
    // The third time overlaps the second at first.
    await answer(m, { fill: { ...typed, 'slot3-day': typed['slot2-day']!, 'slot3-month': typed['slot2-month']!, 'slot3-year': typed['slot2-year']! } })
    await choose(m.getByLabel('Video call', { exact: true }))
    await answer(m, { fill: { videoLink: 'https://meet.example.org/pyc' } })
    await choose(m.getByLabel('Bea Board', { exact: true }))
    await pressButton(m, 'Offer these times and email the applicant')
    await expectErrorState(m, { field: 'slot3-day', message: 'The third time is the same as the second time', kept: { 'slot1-time': typed['slot1-time']!, videoLink: 'https://meet.example.org/pyc' }, stillChecked: ['how', 'boardMemberIds'] })
    await answer(m, { fill: { 'slot3-day': typed['slot3-day']!, 'slot3-month': typed['slot3-month']!, 'slot3-year': typed['slot3-year']! } })
    await pressButton(m, 'Offer these times and email the applicant')
    assert.equal(pathOf(m), `/review/applications/${reference}/conversation`)
    assert.match(await text(m, '.nhsuk-notification-banner'), /Times offered\. We have emailed the applicant/)
    for (const time of times) assert.ok((await text(m)).includes(formatTimeRange(time)))

    // The applicant picks one with the link in the email.
    const invitation = await sink.waitForMessage(to(application.email, /Choose a time for a conversation/), 30_000)
    assert.equal(invitation.mail.replyTo?.value[0]?.address, 'hello@example.org')
    const token = /\/conversation\/([A-Za-z0-9_-]{43})/.exec(invitation.mail.text ?? '')?.[1]
    assert.ok(token, 'the invitation has the link')
    const a = await t.newPage()
    await open(a, url(`/conversation/${token}`))
    await expectReflowAt320(a)
    await arriveAfter(a, () => a.getByRole('button', { name: 'Continue', exact: true }).press('Enter'))
    await expectErrorState(a, { field: 'slotId', message: 'Select a time, or that none of them suits you' })
    await choose(a.getByLabel(formatTimeRange(times[1]!), { exact: true }))
    await pressButton(a, 'Continue')
    assert.equal(pathOf(a), `/conversation/${token}`)
    assert.match(await text(a, 'h1'), /Your conversation is booked/)
    assert.ok((await text(a)).includes(formatTimeRange(times[1]!)))

    // Both receive the calendar invitation.
    const booked = await sink.waitForMessage(to(application.email, /Conversation booked/), 30_000)
    const staffCopy = await sink.waitForMessage(to(manager.email, /Conversation booked/), 30_000)
    await sink.waitForMessage(to(boardA.email, /Conversation booked/), 30_000)
    const first = calendarIn(booked)
    assert.equal(first.method, 'REQUEST')
    assert.equal(first.event.start.toISOString(), times[1]!.startsAt.toISOString())
    assert.equal(Number(first.event.sequence), 0)
    assert.equal(calendarIn(staffCopy).event.uid, first.event.uid)

    // The applicant moves it to the third time.
    await follow(a, 'Change the time')
    await choose(a.getByLabel(formatTimeRange(times[2]!), { exact: true }))
    await pressButton(a, 'Change the time')
    await expectErrorState(a, { field: 'reason', message: 'Enter why the conversation is moving' })
    await answer(a, { fill: { reason: 'I am on call that evening' } })
    await pressButton(a, 'Change the time')
    assert.equal(pathOf(a), `/conversation/${token}`)
    assert.ok((await text(a)).includes(formatTimeRange(times[2]!)))
    const moved = await sink.waitForMessage(to(manager.email, /Conversation moved/), 30_000)
    const update = calendarIn(moved)
    assert.equal(update.event.uid, first.event.uid, 'the same event, moved')
    assert.equal(Number(update.event.sequence), 1)
    assert.equal(update.event.start.toISOString(), times[2]!.startsAt.toISOString())
    assert.match(moved.mail.text ?? '', /I am on call that evening/)
    await sink.waitForMessage(to(application.email, /Conversation moved/), 30_000)

    // After the conversation, a board member taking part records notes; the community manager sees them with the reviews.
    await conversationTookPlace(t, application.id)
    const b = await t.newPage()
    await signInAs(b, boardA, '/review')
    await follow(b, 'Conversation times that suit you')
    await open(b, url(`/review/applications/${reference}/conversation`))
    await follow(b, 'Record your notes')
    await pressButton(b, 'Send your notes')
    await expectErrorState(b, { field: 'notes', message: 'Enter your notes on the conversation' })
    await answer(b, { fill: { notes: 'Thoughtful, and keen to learn.' } })
    await choose(b.getByLabel('Offer a role', { exact: true }))
    await pressButton(b, 'Send your notes')
    assert.match(await text(b, '.nhsuk-notification-banner'), /Notes sent/)

    await open(m, url(`/review/applications/${reference}/decision`))
    assert.match(await text(m), /Bea Board: offer a role/)
    assert.match(await text(m), /Thoughtful, and keen to learn\./)
  })
})
