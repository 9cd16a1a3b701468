// Conversations with applicants: the status machine of one conversation, how it happens, the
// recommendations staff make afterwards, and the times (Europe/London) as people type and read them.
import type { StatusMachine, Transition } from './status-machine.ts'

export const CONVERSATION_STATUSES = ['offered', 'booked', 'none_suit', 'cancelled'] as const
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number]

export const CONVERSATION_STATUS_LABELS: Record<ConversationStatus, string> = {
  offered: 'Times offered',
  booked: 'Booked',
  none_suit: 'No time suited the applicant',
  cancelled: 'Cancelled',
}

export const CONVERSATION_EVENTS = ['pick', 'none_suit', 'reschedule', 'cancel'] as const
export type ConversationEvent = (typeof CONVERSATION_EVENTS)[number]

/** A conversation still in progress: at most one per application (conversations_live_application_key). */
export const LIVE_CONVERSATION_STATUSES: readonly ConversationStatus[] = ['offered', 'booked', 'none_suit']

export const CONVERSATION_TRANSITIONS: Record<ConversationEvent, Transition<ConversationStatus>> = {
  pick: { from: ['offered'], to: 'booked' },
  none_suit: { from: ['offered'], to: 'none_suit' },
  reschedule: { from: ['booked'], to: 'booked' },
  cancel: { from: ['offered', 'booked', 'none_suit'], to: 'cancelled' },
}

export const CONVERSATION_MACHINE: StatusMachine<ConversationStatus, ConversationEvent> = {
  subject: 'conversation',
  statuses: CONVERSATION_STATUSES,
  initial: 'offered',
  labels: CONVERSATION_STATUS_LABELS,
  transitions: CONVERSATION_TRANSITIONS,
  groups: { LIVE: LIVE_CONVERSATION_STATUSES },
}

export const CONVERSATION_HOWS = ['video', 'phone', 'in_person'] as const
export type ConversationHow = (typeof CONVERSATION_HOWS)[number]

export const CONVERSATION_HOW_LABELS: Record<ConversationHow, string> = {
  video: 'Video call',
  phone: 'Phone call',
  in_person: 'In person',
}

export const CONVERSATION_RECOMMENDATIONS = ['offer', 'do_not_offer', 'unsure'] as const
export type ConversationRecommendation = (typeof CONVERSATION_RECOMMENDATIONS)[number]

export const CONVERSATION_RECOMMENDATION_LABELS: Record<ConversationRecommendation, string> = {
  offer: 'Offer a role',
  do_not_offer: 'Do not offer a role',
  unsure: 'Not sure',
}

/** How many times one invitation offers. */
export const MIN_SLOTS = 2
export const MAX_SLOTS = 6
export const CONVERSATION_DURATIONS = [15, 20, 30, 45, 60] as const
export const CONVERSATION_TEXT_LIMIT = 500
export const CONVERSATION_NOTES_LIMIT = 5000

export interface TimeRange {
  startsAt: Date
  endsAt: Date
}

const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
const TIME = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: 'Europe/London' })
const PARTS = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' })

/** "6:30pm", "7pm", "midday". */
export function formatTime(value: Date): string {
  const parts = TIME.formatToParts(value)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? ''
  const minute = get('minute')
  const time = `${get('hour')}${minute === '00' ? '' : `:${minute}`}${get('dayPeriod').toLowerCase().replace(/[\s.]/g, '')}`
  return time === '12pm' ? 'midday' : time === '12am' ? 'midnight' : time
}

/** "Tuesday 9 December 2026" (Intl puts a comma after the day's name; the NHS style has none). */
export function formatDay(value: Date): string {
  return DAY.format(value).replace(',', '')
}

/** "Tuesday 9 December 2026, 6:30pm to 6:50pm", in Europe/London. */
export function formatTimeRange({ startsAt, endsAt }: TimeRange): string {
  return `${formatDay(startsAt)}, ${formatTime(startsAt)} to ${formatTime(endsAt)}`
}

/** The wall-clock date and time in London of an instant: ['2026-12-09', '18:30']. */
export function londonWallClock(value: Date): [string, string] {
  const parts = PARTS.formatToParts(value)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? ''
  return [`${get('year')}-${get('month')}-${get('day')}`, `${get('hour')}:${get('minute')}`]
}

/**
 * The instant of a London wall-clock date ('2026-12-09') and time ('18:30'), or null for a time
 * that does not exist there (the hour skipped when the clocks go forward).
 */
export function londonInstant(date: string, time: string): Date | null {
  const guess = new Date(`${date}T${time}:00Z`)
  if (Number.isNaN(guess.getTime())) return null
  // London is UTC or UTC+1: one of the two readings gives back the wall clock typed.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(guess.getTime() - offsetHours * 60 * 60 * 1000)
    const [d, t] = londonWallClock(candidate)
    if (d === date && t === time) return candidate
  }
  return null
}

/** "6:30pm", "6.30 pm", "18:30", "6pm", "midday": 'HH:MM' (24 hours), or null. */
export function parseTime(typed: string): string | null {
  const text = typed.trim().toLowerCase().replace(/\s+/g, '')
  if (text === 'midday' || text === 'noon') return '12:00'
  if (text === 'midnight') return '00:00'
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(text)
  if (!match) return null
  let hour = Number(match[1])
  const minute = Number(match[2] ?? '0')
  const period = match[3]
  if (minute > 59) return null
  if (period) {
    if (hour < 1 || hour > 12) return null
    if (period === 'am' && hour === 12) hour = 0
    if (period === 'pm' && hour !== 12) hour += 12
  } else if (match[2] === undefined || hour > 23) {
    // "6" alone could be morning or evening.
    return null
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt
}

export function sameTime(a: TimeRange, b: TimeRange): boolean {
  return a.startsAt.getTime() === b.startsAt.getTime() && a.endsAt.getTime() === b.endsAt.getTime()
}
