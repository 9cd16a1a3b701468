// The executive status machine: a new executive is onboarding until their checklist is done (or
// a community manager activates them early); a term ends by hand or when its last day has passed.
import type { StatusMachine, Transition } from './status-machine.ts'

export const EXECUTIVE_STATUSES = ['onboarding', 'active', 'ended'] as const
export type ExecutiveStatus = (typeof EXECUTIVE_STATUSES)[number]

export const EXECUTIVE_STATUS_LABELS: Record<ExecutiveStatus, string> = {
  onboarding: 'Getting started',
  active: 'Active',
  ended: 'Term ended',
}

export const EXECUTIVE_EVENTS = ['activate', 'end_term'] as const
export type ExecutiveEvent = (typeof EXECUTIVE_EVENTS)[number]

/** While the term lasts: the executive can sign in, gets term reminders, and their record can change. */
export const CURRENT_EXECUTIVE_STATUSES: readonly ExecutiveStatus[] = ['onboarding', 'active']

/** Who the public team page may list (those who also chose to be on it). */
export const TEAM_PAGE_EXECUTIVE_STATUSES: readonly ExecutiveStatus[] = ['active']

export const EXECUTIVE_TRANSITIONS: Record<ExecutiveEvent, Transition<ExecutiveStatus>> = {
  activate: { from: ['onboarding'], to: 'active' },
  end_term: { from: CURRENT_EXECUTIVE_STATUSES, to: 'ended' },
}

export const EXECUTIVE_MACHINE: StatusMachine<ExecutiveStatus, ExecutiveEvent> = {
  subject: 'executive',
  statuses: EXECUTIVE_STATUSES,
  initial: 'onboarding',
  labels: EXECUTIVE_STATUS_LABELS,
  transitions: EXECUTIVE_TRANSITIONS,
  groups: { CURRENT: CURRENT_EXECUTIVE_STATUSES, TEAM_PAGE: TEAM_PAGE_EXECUTIVE_STATUSES },
}

export function isCurrentExecutive(status: ExecutiveStatus): boolean {
  return CURRENT_EXECUTIVE_STATUSES.includes(status)
}
