// Conversations through the services: a shortlisted application, times a few days ahead, the
// times offered, and the link and calendar files of the emails sent, as their recipients read them.
import assert from 'node:assert/strict'
import ical, { type VEvent } from 'node-ical'
import { offerConversationTimes } from '../../src/actions/conversations/offer-conversation-times.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { londonWallClock, type TimeRange } from '../../src/domain/conversation.ts'
import type { TestApp } from './app.ts'
import { addBoardReview, applicationByReference, decide, submitApplication, tokenFromEmail, type SubmittedApplication } from './review.ts'

/** `count` times of `minutes` each, a day apart, starting `daysAhead` days from now at 18:30 UTC. */
export function futureTimes(count: number, { daysAhead = 3, minutes = 20 } = {}): TimeRange[] {
  const first = new Date()
  first.setUTCDate(first.getUTCDate() + daysAhead)
  first.setUTCHours(18, 30, 0, 0)
  return Array.from({ length: count }, (_, index) => {
    const startsAt = new Date(first.getTime() + index * 24 * 60 * 60 * 1000)
    return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60 * 1000) }
  })
}

/** A submitted application with two board reviews, shortlisted. */
export async function shortlistedApplication(t: TestApp, people: { manager: Pick<StaffUser, 'id'>; reviewers: readonly Pick<StaffUser, 'id'>[] }, email: string): Promise<SubmittedApplication> {
  const application = await submitApplication(t, { email, fullName: `Applicant ${email.split('@')[0]}` })
  for (const reviewer of people.reviewers) await addBoardReview(t, application, reviewer)
  await decide(t, application.reference, people.manager, { decision: 'shortlist' })
  return applicationByReference(t, application.reference)
}

/** Offers `times` to the application through the service; returns the token of the emailed link. */
export async function offerTimes(
  t: TestApp,
  application: SubmittedApplication,
  by: Pick<StaffUser, 'id'>,
  times: TimeRange[],
  options: { boardMemberIds?: string[] } = {},
): Promise<string> {
  const { version } = await applicationByReference(t, application.reference)
  const { conversationId } = await t.services.act(
    offerConversationTimes,
    { reference: application.reference, version, times, how: 'video', location: 'https://meet.example.org/pyc', note: '', boardMemberIds: options.boardMemberIds ?? [] },
    { type: 'staff', id: by.id },
  )
  return tokenFromEmail(t.database.dataSource, { key: `conversation-times:${conversationId}` }, '/conversation')
}

/** The slot ids offered with this link's conversation, in time order. */
export async function slotIdsOf(t: TestApp, applicationId: string): Promise<string[]> {
  const rows: { id: string }[] = await t.database.dataSource.query(
    `SELECT s.id FROM conversation_slots s JOIN conversation_offered_slots o ON o.slot_id = s.id
     JOIN conversations c ON c.id = o.conversation_id WHERE c.application_id = $1 AND c.status <> 'cancelled' ORDER BY s.starts_at`,
    [applicationId],
  )
  return rows.map((row) => row.id)
}

export interface CalendarFile {
  method: string
  event: VEvent
}

/** The calendar file of a queued email, parsed with a real iCalendar parser. */
export async function calendarOf(t: TestApp, key: string): Promise<CalendarFile> {
  const rows: { attachments: { filename: string; contentType: string; content: string }[] }[] = await t.database.dataSource.query(`SELECT attachments FROM email_messages WHERE key = $1`, [key])
  const attachment = rows[0]?.attachments[0]
  assert.ok(attachment, `the email ${key} has an attachment`)
  assert.match(attachment.contentType, /^text\/calendar/)
  return parseCalendar(attachment.content)
}

export function parseCalendar(content: string): CalendarFile {
  const parsed = ical.sync.parseICS(content)
  const event = Object.values(parsed).find((each): each is VEvent => each?.type === 'VEVENT')
  assert.ok(event, 'the calendar file has an event')
  const method = /^METHOD:(.+)$/m.exec(content)?.[1]?.trim() ?? ''
  return { method, event }
}

/** The offering form's fields for `times`, as a community manager types them (London wall clock). */
export function offerFields(times: TimeRange[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const fields: Record<string, unknown> = { duration: '20', how: 'video', videoLink: 'https://meet.example.org/pyc', note: '' }
  times.forEach((time, index) => {
    const [date, clock] = londonWallClock(time.startsAt)
    const [year, month, day] = date.split('-')
    Object.assign(fields, { [`slot${index + 1}-day`]: String(Number(day)), [`slot${index + 1}-month`]: String(Number(month)), [`slot${index + 1}-year`]: year, [`slot${index + 1}-time`]: clock })
  })
  return { ...fields, ...extra }
}

/** The booked conversation of the application takes place: its time is moved to the hour just gone. */
export async function conversationTookPlace(t: TestApp, applicationId: string): Promise<void> {
  await t.database.dataSource.query(
    `UPDATE conversation_slots SET starts_at = date_trunc('minute', now()) - interval '1 hour', ends_at = date_trunc('minute', now()) - interval '40 minutes'
     WHERE id = (SELECT slot_id FROM conversations WHERE application_id = $1 AND status = 'booked')`,
    [applicationId],
  )
}
