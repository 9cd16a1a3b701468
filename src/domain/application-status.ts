// The one place that knows how an application's status may change. Services call
// `nextStatus` (through transition() in application-status.service.ts); anything not in the
// table is refused with IllegalTransitionError. Code and SQL name the groups below, never a list.
import { nextStatus, type StatusMachine, type Transition } from './status-machine.ts'


export const APPLICATION_STATUSES = [
  'submitted',
  'in_review',
  'shortlisted',
  'interview',
  'offered',
  'accepted',
  'onboarding',
  'active',
  'unsuccessful',
  'withdrawn',
  'declined',
] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

/** Plain words for applicants and staff. */
export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  submitted: 'Received',
  in_review: 'Being reviewed',
  shortlisted: 'Shortlisted',
  interview: 'Invited to a conversation',
  offered: 'Offered a role',
  accepted: 'Offer accepted',
  onboarding: 'Getting started',
  active: 'Volunteering with us',
  unsuccessful: 'Not successful this time',
  withdrawn: 'Withdrawn',
  declined: 'Offer declined',
}

/** States from which an application can still be withdrawn or turned down. */
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['submitted', 'in_review', 'shortlisted', 'interview', 'offered']
export const CLOSED_STATUSES: readonly ApplicationStatus[] = ['unsuccessful', 'withdrawn', 'declined']

/** The offer was accepted: the applicant is on their way to, or in, an executive role. */
export const OFFER_ACCEPTED_STATUSES: readonly ApplicationStatus[] = ['accepted', 'onboarding', 'active']

/** The board scores an application only while it is waiting for, or in, review. */
export const REVIEWABLE_STATUSES: readonly ApplicationStatus[] = ['submitted', 'in_review']

/**
 * Blind review hides who applied until the application is shortlisted. These statuses come only
 * after a shortlisting (declined follows an offer). Unsuccessful and withdrawn may not have been
 * shortlisted, so the queue, its export and the review page keep them hidden.
 */
export const IDENTITY_VISIBLE_STATUSES: readonly ApplicationStatus[] = ['shortlisted', 'interview', 'offered', 'accepted', 'onboarding', 'active', 'declined']

export const APPLICATION_EVENTS = [
  'first_review',
  'shortlist',
  'invite_to_interview',
  'offer',
  'accept_offer',
  'decline_offer',
  'start_onboarding',
  'complete_onboarding',
  'reject',
  'withdraw',
] as const
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number]

export const TRANSITIONS: Record<ApplicationEvent, Transition<ApplicationStatus>> = {
  first_review: { from: ['submitted'], to: 'in_review' },
  shortlist: { from: ['submitted', 'in_review'], to: 'shortlisted' },
  invite_to_interview: { from: ['shortlisted'], to: 'interview' },
  offer: { from: ['shortlisted', 'interview'], to: 'offered' },
  accept_offer: { from: ['offered'], to: 'accepted' },
  decline_offer: { from: ['offered'], to: 'declined' },
  start_onboarding: { from: ['accepted'], to: 'onboarding' },
  complete_onboarding: { from: ['onboarding'], to: 'active' },
  reject: { from: OPEN_STATUSES, to: 'unsuccessful' },
  withdraw: { from: OPEN_STATUSES, to: 'withdrawn' },
}

export const APPLICATION_MACHINE: StatusMachine<ApplicationStatus, ApplicationEvent> = {
  subject: 'application',
  statuses: APPLICATION_STATUSES,
  initial: 'submitted',
  labels: STATUS_LABELS,
  transitions: TRANSITIONS,
  groups: {
    OPEN: OPEN_STATUSES,
    CLOSED: CLOSED_STATUSES,
    OFFER_ACCEPTED: OFFER_ACCEPTED_STATUSES,
    REVIEWABLE: REVIEWABLE_STATUSES,
    IDENTITY_VISIBLE: IDENTITY_VISIBLE_STATUSES,
  },
}

export function isOpen(status: ApplicationStatus): boolean {
  return OPEN_STATUSES.includes(status)
}

/**
 * Erasure at the applicant's request keeps the row but not the person. An open application is
 * withdrawn by the withdraw move (so erasure never makes a move the table refuses); a closed or
 * settled one keeps its status. This is the one status change made outside transition(): the
 * erasure's own UPDATE writes it, on rows the caller has locked, and the caller audits it.
 */
export function statusAfterErasure(status: ApplicationStatus): ApplicationStatus {
  return isOpen(status) ? nextStatus(APPLICATION_MACHINE, status, 'withdraw') : status
}
