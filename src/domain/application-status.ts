// The one place that knows how an application's status may change. Services call
// `nextStatus`; anything not in the table is refused with IllegalTransitionError.

import { AppError } from './errors.ts'

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

type Transition = { from: readonly ApplicationStatus[]; to: ApplicationStatus }

export const TRANSITIONS: Record<ApplicationEvent, Transition> = {
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

export class IllegalTransitionError extends AppError {
  constructor(
    readonly from: ApplicationStatus,
    readonly event: ApplicationEvent,
  ) {
    super(`An application that is "${STATUS_LABELS[from]}" cannot be moved by "${event.replace(/_/g, ' ')}"`)
  }
}

export function canTransition(from: ApplicationStatus, event: ApplicationEvent): boolean {
  return TRANSITIONS[event].from.includes(from)
}

export function nextStatus(from: ApplicationStatus, event: ApplicationEvent): ApplicationStatus {
  if (!canTransition(from, event)) throw new IllegalTransitionError(from, event)
  return TRANSITIONS[event].to
}

export function isOpen(status: ApplicationStatus): boolean {
  return OPEN_STATUSES.includes(status)
}
