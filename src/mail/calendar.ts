import { createEvent } from 'ics'
import type { EmailAttachment } from '../entities/email-message.entity.ts'

// Calendar invitations (RFC 5546) with the `ics` package: one event per conversation, its UID
// fixed for the conversation's life, so that each update (a higher SEQUENCE) or CANCEL replaces
// the event already in the calendar instead of adding another.

export interface CalendarEvent {
  /** The conversation's id: the UID is made from it. */
  conversationId: string
  sequence: number
  method: 'REQUEST' | 'CANCEL'
  startsAt: Date
  endsAt: Date
  title: string
  description: string
  location: string
  organiser: { name: string; email: string } | null
  attendees: { name: string; email: string }[]
}

export function calendarUid(conversationId: string, baseUrl: string): string {
  return `${conversationId}@${new URL(baseUrl).hostname}`
}

/** The event as an .ics attachment; throws if the library refuses it. */
export function calendarAttachment(event: CalendarEvent, baseUrl: string): EmailAttachment {
  const { error, value } = createEvent({
    productId: 'volunteer-roles',
    method: event.method,
    uid: calendarUid(event.conversationId, baseUrl),
    sequence: event.sequence,
    start: event.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: event.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: event.title,
    description: event.description,
    ...(event.location ? { location: event.location } : {}),
    status: event.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    ...(event.organiser ? { organizer: event.organiser } : {}),
    attendees: event.attendees.map((person) => ({ ...person, rsvp: false, partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' })),
  })
  if (error || !value) throw error ?? new Error('The calendar file could not be made')
  return {
    filename: event.method === 'CANCEL' ? 'cancelled.ics' : 'invite.ics',
    contentType: `text/calendar; charset=utf-8; method=${event.method}`,
    content: value,
  }
}
