// The recruitment round status machine: a community manager opens a round, puts roles in it, and
// finishes it once none of its roles is open, so that no application can join it afterwards.
// Only finished rounds are published (/about/recruitment): their figures no longer move one
// application at a time.
import type { StatusMachine, Transition } from './status-machine.ts'

export const ROUND_STATUSES = ['open', 'finished'] as const
export type RoundStatus = (typeof ROUND_STATUSES)[number]

export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  open: 'Open',
  finished: 'Finished',
}

export const ROUND_EVENTS = ['finish'] as const
export type RoundEvent = (typeof ROUND_EVENTS)[number]

export const ROUND_TRANSITIONS: Record<RoundEvent, Transition<RoundStatus>> = {
  finish: { from: ['open'], to: 'finished' },
}

/** Rounds a role can be opened in. */
export const ROLE_TAKING_ROUND_STATUSES: readonly RoundStatus[] = ['open']
/** Rounds whose figures may be published. */
export const PUBLISHED_ROUND_STATUSES: readonly RoundStatus[] = ['finished']

export const ROUND_MACHINE: StatusMachine<RoundStatus, RoundEvent> = {
  subject: 'recruitment round',
  statuses: ROUND_STATUSES,
  initial: 'open',
  labels: ROUND_STATUS_LABELS,
  transitions: ROUND_TRANSITIONS,
  groups: { ROLE_TAKING: ROLE_TAKING_ROUND_STATUSES, PUBLISHED: PUBLISHED_ROUND_STATUSES },
}

export const ROUND_NAME_MAX_LENGTH = 120

/** A finished round's applicants, counted once when it finished: what the public summary shows. */
export interface RoundApplicantFigures {
  applications: number
  /** Applications whose career stage and NHS employment answers were still held. */
  answered: number
  earlyCareer: number
  nhsEmployed: number
}
