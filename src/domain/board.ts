// The board: a number of seats held by staff accounts with the board-member role, each for a term
// (usually one year) with a first and a last day. Which seat is whose is not stored: members with
// a current term fill the seats in order of when their term ends.
import { addDays } from './onboarding.ts'

/** A new board's number of seats, until an admin changes it. */
export const DEFAULT_BOARD_SEATS = 5
export const MAX_BOARD_SEATS = 30
/** Handover notes a board member leaves for whoever takes their seat. */
export const HANDOVER_NOTES_LIMIT = 5000

/** How many days before a board term ends the member and the admins are emailed, longest first. */
export const BOARD_TERM_REMINDER_DAYS = [60, 30] as const
export type BoardTermReminderDays = (typeof BOARD_TERM_REMINDER_DAYS)[number]

export interface BoardMemberTerm {
  id: string
  name: string
  termStartsOn: string | null
  termEndsOn: string | null
  /** They chose to be on the public team page (and the team page lists them while their term lasts). */
  showOnTeam: boolean
}

export type BoardTermState = 'current' | 'not-started' | 'ended' | 'no-dates'

export const BOARD_TERM_STATE_LABELS: Record<BoardTermState, string> = {
  current: 'Current term',
  'not-started': 'Term not started',
  ended: 'Term ended',
  'no-dates': 'No term dates',
}

export function boardTermState(member: Pick<BoardMemberTerm, 'termStartsOn' | 'termEndsOn'>, today: string): BoardTermState {
  if (!member.termStartsOn && !member.termEndsOn) return 'no-dates'
  if (member.termEndsOn && member.termEndsOn < today) return 'ended'
  if (member.termStartsOn && member.termStartsOn > today) return 'not-started'
  return 'current'
}

/** Whether /team lists this member: the same rule as queries/team-members.ts (no end date, or not passed). */
export function listedOnTeam(member: BoardMemberTerm, today: string): boolean {
  return member.showOnTeam && (member.termEndsOn === null || member.termEndsOn >= today)
}

export interface BoardSeat {
  /** 1, 2, ... */
  number: number
  member: BoardMemberTerm | null
}

export interface BoardSeatPlan {
  seats: BoardSeat[]
  /** Members with a current term beyond the number of seats. */
  overSeats: BoardMemberTerm[]
  /** Members whose term has not started yet, has ended, or has no dates. */
  others: (BoardMemberTerm & { state: BoardTermState })[]
  vacant: number
}

/**
 * The seats as the board page shows them: members with a current term take the seats, the term
 * that ends first in seat 1; a member with no end date comes last. Everyone else is listed apart.
 */
export function planBoardSeats(members: readonly BoardMemberTerm[], seatCount: number, today: string): BoardSeatPlan {
  const current = members
    .filter((member) => boardTermState(member, today) === 'current')
    .sort((a, b) => (a.termEndsOn ?? '9999-12-31').localeCompare(b.termEndsOn ?? '9999-12-31') || a.name.localeCompare(b.name))
  const seats = Array.from({ length: seatCount }, (_, index) => ({ number: index + 1, member: current[index] ?? null }))
  return {
    seats,
    overSeats: current.slice(seatCount),
    others: members.map((member) => ({ ...member, state: boardTermState(member, today) })).filter((member) => member.state !== 'current'),
    vacant: Math.max(0, seatCount - current.length),
  }
}

/**
 * Which reminder is due for a term ending on `termEndsOn`, seen on `today`: the shortest lead
 * time the end is within (a term set to end in 20 days gets the 30-day email, not both), or null.
 */
export function dueBoardTermReminder(termEndsOn: string, today: string): BoardTermReminderDays | null {
  if (termEndsOn < today) return null
  const due = BOARD_TERM_REMINDER_DAYS.filter((days) => termEndsOn <= addDays(today, days))
  return due.length > 0 ? due[due.length - 1]! : null
}

/** The lead times a reminder for `days` makes pointless: itself and every longer one. */
export function remindersCoveredBy(days: BoardTermReminderDays): BoardTermReminderDays[] {
  return BOARD_TERM_REMINDER_DAYS.filter((each) => each >= days)
}
