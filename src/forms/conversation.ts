import {
  CONVERSATION_DURATIONS,
  CONVERSATION_HOWS,
  CONVERSATION_NOTES_LIMIT,
  CONVERSATION_RECOMMENDATIONS,
  CONVERSATION_TEXT_LIMIT,
  londonInstant,
  londonWallClock,
  MAX_SLOTS,
  MIN_SLOTS,
  overlaps,
  parseTime,
  sameTime,
  type ConversationHow,
  type ConversationRecommendation,
  type TimeRange,
} from '../domain/conversation.ts'
import { tidyText } from '../domain/text.ts'
import { parseDateInput, type DatePart } from './dates.ts'
import { asList, asString, parseVersion, type Errors, type Parsed } from './validation.ts'

/** One time as typed: an NHS date input and a start time. */
export interface TypedTime {
  day: string
  month: string
  year: string
  time: string
}

export interface ConversationOfferValues {
  version: number
  times: TypedTime[]
  duration: string
  how: ConversationHow | ''
  videoLink: string
  address: string
  boardMemberIds: string[]
  note: string
}

/** Each time's problem, for the fields: the message and the inputs at fault. */
export interface TimeProblem {
  message: string
  parts: (DatePart | 'time')[]
}

export interface ParsedConversationOffer extends Parsed<ConversationOfferValues> {
  timeProblems: (TimeProblem | null)[]
  /** The times, when there are no errors. */
  ranges: TimeRange[]
}

/** The field ids of time `index` (0-based): slot1-day, slot1-month, slot1-year, slot1-time. */
export const timeFieldId = (index: number, part: DatePart | 'time') => `slot${index + 1}-${part}`

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth']

/**
 * Reads the form that offers conversation times: 2 to 6 times (the first two required), each
 * with an NHS date input and a start time in Europe/London, in the future and not overlapping
 * another; how long; how (a video link, an address, or a phone call); who from the board joins
 * (one of `boardMemberIds`); an optional note.
 */
export function parseConversationOffer(body: Record<string, unknown>, { now, boardMemberIds }: { now: Date; boardMemberIds: string[] }): ParsedConversationOffer {
  const errors: Errors = {}
  const typed: TypedTime[] = Array.from({ length: MAX_SLOTS }, (_, index) => ({
    day: asString(body[timeFieldId(index, 'day')]).trim(),
    month: asString(body[timeFieldId(index, 'month')]).trim(),
    year: asString(body[timeFieldId(index, 'year')]).trim(),
    time: asString(body[timeFieldId(index, 'time')]).trim(),
  }))
  const durationText = asString(body.duration)
  const duration = CONVERSATION_DURATIONS.find((minutes) => String(minutes) === durationText) ?? null
  if (!duration) errors.duration = 'Select how long the conversation will be'

  const problems: (TimeProblem | null)[] = typed.map(() => null)
  const ranges: { index: number; range: TimeRange }[] = []
  const [today] = londonWallClock(now)
  typed.forEach((time, index) => {
    const name = `The ${ORDINAL[index]} time`
    const blank = !time.day && !time.month && !time.year && !time.time
    if (blank) {
      if (index < MIN_SLOTS) problems[index] = { message: `Enter the date and start time of the ${ORDINAL[index]} time`, parts: ['day', 'month', 'year', 'time'] }
      return
    }
    const date = parseDateInput(`${name}'s date`, { day: time.day, month: time.month, year: time.year }, today)
    if (date.error || !date.value) {
      problems[index] = { message: date.error ?? `Enter the date of the ${ORDINAL[index]} time`, parts: date.parts.length > 0 ? date.parts : ['day', 'month', 'year'] }
      return
    }
    if (!time.time) {
      problems[index] = { message: `Enter the start time of the ${ORDINAL[index]} time`, parts: ['time'] }
      return
    }
    const clock = parseTime(time.time)
    if (!clock) {
      problems[index] = { message: `${name} must have a real start time, like 6:30pm or 18:30`, parts: ['time'] }
      return
    }
    const startsAt = londonInstant(date.value, clock)
    if (!startsAt) {
      problems[index] = { message: `${name} does not exist in the UK: the clocks go forward then`, parts: ['time'] }
      return
    }
    if (startsAt <= now) {
      problems[index] = { message: `${name} must be in the future`, parts: ['day', 'month', 'year', 'time'] }
      return
    }
    if (!duration) return
    const range = { startsAt, endsAt: new Date(startsAt.getTime() + duration * 60 * 1000) }
    const earlier = ranges.find((other) => overlaps(other.range, range))
    if (earlier) {
      problems[index] = {
        message: `${name} ${sameTime(earlier.range, range) ? 'is the same as' : 'overlaps'} the ${ORDINAL[earlier.index]} time`,
        parts: ['day', 'month', 'year', 'time'],
      }
      return
    }
    ranges.push({ index, range })
  })
  problems.forEach((problem, index) => {
    if (problem) errors[timeFieldId(index, problem.parts[0]!)] = problem.message
  })

  const how = CONVERSATION_HOWS.find((each) => each === asString(body.how)) ?? ''
  const videoLink = asString(body.videoLink).trim()
  const address = tidyText(body.address)
  if (!how) errors.how = 'Select how the conversation will happen'
  if (how === 'video') {
    if (!videoLink) errors.videoLink = 'Enter the link to the video call'
    else if (!isHttpsUrl(videoLink) || videoLink.length > CONVERSATION_TEXT_LIMIT) errors.videoLink = 'Enter a link to the video call that starts with https://'
  }
  if (how === 'in_person') {
    if (!address) errors.address = 'Enter the address'
    else if (address.length > CONVERSATION_TEXT_LIMIT) errors.address = `The address must be ${CONVERSATION_TEXT_LIMIT} characters or fewer`
  }
  const chosen = asList(body.boardMemberIds).filter((id) => boardMemberIds.includes(id))
  const note = tidyText(body.note)
  if (note.length > CONVERSATION_TEXT_LIMIT) errors.note = `The note must be ${CONVERSATION_TEXT_LIMIT} characters or fewer`

  return {
    values: { version: parseVersion(body), times: typed, duration: duration ? String(duration) : '', how, videoLink, address, boardMemberIds: chosen, note },
    errors,
    timeProblems: problems,
    ranges: Object.keys(errors).length === 0 ? ranges.map((each) => each.range) : [],
  }
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:'
  } catch {
    return false
  }
}

/** The applicant's choice on the picking page: a time, or none (with a suggestion). */
export function parseTimePick(body: Record<string, unknown>, slotIds: string[]): Parsed<{ slotId: string; suggestion: string }> {
  const choice = asString(body.slotId)
  const suggestion = tidyText(body.suggestion)
  const errors: Errors = {}
  const slotId = choice === 'none' || slotIds.includes(choice) ? choice : ''
  if (!slotId) errors.slotId = 'Select a time, or that none of them suits you'
  if (slotId === 'none' && !suggestion) errors.suggestion = 'Enter the days and times that would suit you'
  if (suggestion.length > CONVERSATION_TEXT_LIMIT) errors.suggestion = `What would suit you must be ${CONVERSATION_TEXT_LIMIT} characters or fewer`
  return { values: { slotId, suggestion }, errors }
}

/** A reason for moving or cancelling a conversation; a move also needs the new time. */
export function parseConversationChange(body: Record<string, unknown>, slotIds: string[] | null): Parsed<{ slotId: string; reason: string }> {
  const slotId = asString(body.slotId)
  const reason = tidyText(body.reason)
  const errors: Errors = {}
  if (slotIds && !slotIds.includes(slotId)) errors.slotId = 'Select the new time'
  if (!reason) errors.reason = slotIds ? 'Enter why the conversation is moving' : 'Enter why the conversation is cancelled'
  else if (reason.length > CONVERSATION_TEXT_LIMIT) errors.reason = `The reason must be ${CONVERSATION_TEXT_LIMIT} characters or fewer`
  return { values: { slotId: slotIds?.includes(slotId) ? slotId : '', reason }, errors }
}

/** A staff member's notes after the conversation. */
export function parseConversationNotes(body: Record<string, unknown>): Parsed<{ notes: string; recommendation: ConversationRecommendation | '' }> {
  const notes = tidyText(body.notes)
  const recommendation = CONVERSATION_RECOMMENDATIONS.find((each) => each === asString(body.recommendation)) ?? ''
  const errors: Errors = {}
  if (!notes) errors.notes = 'Enter your notes on the conversation'
  else if (notes.length > CONVERSATION_NOTES_LIMIT) errors.notes = `Notes must be ${CONVERSATION_NOTES_LIMIT} characters or fewer`
  if (!recommendation) errors.recommendation = 'Select your recommendation'
  return { values: { notes, recommendation }, errors }
}
