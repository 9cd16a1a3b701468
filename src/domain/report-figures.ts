// The arithmetic of the board's reports (src/queries/recruitment-report.ts): how far along the
// application line an application got, and the median and longest of a list of days.
import type { ApplicationStatus } from './application-status.ts'

/** The funnel's steps, in order: an application that reached one has passed the ones before it. */
export const FUNNEL_STEPS: readonly { status: ApplicationStatus; label: string }[] = [
  { status: 'submitted', label: 'Submitted' },
  { status: 'in_review', label: 'In review' },
  { status: 'shortlisted', label: 'Shortlisted' },
  { status: 'interview', label: 'Conversation' },
  { status: 'offered', label: 'Offered' },
  { status: 'accepted', label: 'Accepted' },
  { status: 'active', label: 'Active' },
]

/** Where applications ended instead, counted by their status now. */
export const FUNNEL_OUTCOMES: readonly { status: ApplicationStatus; label: string }[] = [
  { status: 'withdrawn', label: 'Withdrawn' },
  { status: 'unsuccessful', label: 'Unsuccessful' },
  { status: 'declined', label: 'Declined' },
]

// The statuses of the application line in order; onboarding sits between accepted and active.
const LINE: readonly ApplicationStatus[] = ['submitted', 'in_review', 'shortlisted', 'interview', 'offered', 'accepted', 'onboarding', 'active']

/**
 * The furthest step of the line an application reached, from every status it has had (its
 * audit trail and its status now): a withdrawn application that had been shortlisted counts as
 * shortlisted, and declined comes after an offer.
 */
export function furthestStep(statuses: readonly string[]): number {
  let furthest = 0
  for (const status of statuses) {
    const at = LINE.indexOf(status as ApplicationStatus)
    if (at > furthest) furthest = at
    if (status === 'declined') furthest = Math.max(furthest, LINE.indexOf('offered'))
  }
  return furthest
}

/** A step an application may go past without taking: a conversation is offered, not required. */
const OPTIONAL_STEPS: readonly ApplicationStatus[] = ['interview']

/**
 * Whether an application with these statuses (its audit trail and its status now) reached the
 * step: it had the status, or got further along the line, except past an optional step.
 */
export function reachedStep(statuses: readonly string[], status: ApplicationStatus): boolean {
  if (statuses.includes(status)) return true
  return !OPTIONAL_STEPS.includes(status) && furthestStep(statuses) > LINE.indexOf(status)
}

export interface DaysSummary {
  /** How many applications the figures are from. */
  count: number
  /** Null when there are none. */
  median: number | null
  longest: number | null
}

/** The median (the mean of the middle two for an even count) and the longest of whole days. */
export function summariseDays(days: readonly number[]): DaysSummary {
  if (days.length === 0) return { count: 0, median: null, longest: null }
  const sorted = [...days].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { count: sorted.length, median, longest: sorted.at(-1)! }
}

/** Whole days from one moment to a later one, as the queue counts days waiting. */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000)
}

/** "3", "2.5", "None yet". */
export function daysText(days: number | null): string {
  if (days === null) return 'None yet'
  return Number.isInteger(days) ? String(days) : days.toFixed(1)
}
