// Interest that waits: someone who wants to help when no role suits them yet registers their
// email address and the roles they care about; once they confirm it (double opt-in), they are
// emailed when one of those roles opens. Unsubscribing deletes the registration outright.
import type { StatusMachine, Transition } from './status-machine.ts'

export const INTEREST_STATUSES = ['pending', 'confirmed'] as const
export type InterestStatus = (typeof INTEREST_STATUSES)[number]

export const INTEREST_STATUS_LABELS: Record<InterestStatus, string> = {
  pending: 'Waiting for the email address to be confirmed',
  confirmed: 'Confirmed',
}

export type InterestEvent = 'confirm'

export const INTEREST_TRANSITIONS: Record<InterestEvent, Transition<InterestStatus>> = {
  confirm: { from: ['pending'], to: 'confirmed' },
}

/** Only a confirmed registration is ever emailed about a role. */
export const EMAILED_INTEREST_STATUSES: readonly InterestStatus[] = ['confirmed']

export const INTEREST_MACHINE: StatusMachine<InterestStatus, InterestEvent> = {
  subject: 'interest registration',
  statuses: INTEREST_STATUSES,
  initial: 'pending',
  labels: INTEREST_STATUS_LABELS,
  transitions: INTEREST_TRANSITIONS,
  groups: { EMAILED: EMAILED_INTEREST_STATUSES },
}

/** How long the link in the confirmation email works. */
export const CONFIRM_LINK_HOURS = 24

/**
 * A registration nobody confirmed is deleted by the nightly retention run once it is older than
 * this, so it lives a day or two at most: it holds an address that never agreed to anything.
 */
export const UNCONFIRMED_KEPT_HOURS = CONFIRM_LINK_HOURS

/**
 * A role closed and opened again within this many days of an email about it does not email the
 * same person again: a slip on the admin pages should not mail everyone twice.
 */
export const REOPENED_QUIET_DAYS = 7

/** The choice on the roles page that means every role, new ones included. */
export const ANY_ROLE = 'any'

/** What the /interest pages have asked so far, kept in the session until it is sent. */
export interface InterestAnswers {
  email?: string
  /** Role slugs, or [ANY_ROLE]. */
  roles?: string[]
  consent?: boolean
}

/** What a registration asks for: some roles by id, or any role. */
export interface InterestChoice {
  anyRole: boolean
  roleIds: string[]
}

/** The day a registration confirmed on `confirmedAt` is deleted, `retentionMonths` later (YYYY-MM-DD, UTC). */
export function interestKeptUntil(confirmedAt: Date, retentionMonths: number): string {
  const until = new Date(Date.UTC(confirmedAt.getUTCFullYear(), confirmedAt.getUTCMonth() + retentionMonths, confirmedAt.getUTCDate()))
  // 31 August + 6 months is 28 February (or 29), not 3 March.
  if (until.getUTCDate() !== confirmedAt.getUTCDate()) until.setUTCDate(0)
  return until.toISOString().slice(0, 10)
}
