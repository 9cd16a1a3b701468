// The board nomination status machine: a nomination arrives (submitted), an admin finds it
// eligible or not, publishes the eligible ones on the candidates page, and can withdraw one at
// the nominee's request.
import type { StatusMachine, Transition } from './status-machine.ts'

export const NOMINATION_STATUSES = ['submitted', 'eligible', 'ineligible', 'published', 'withdrawn'] as const
export type NominationStatus = (typeof NOMINATION_STATUSES)[number]

export const NOMINATION_STATUS_LABELS: Record<NominationStatus, string> = {
  submitted: 'To review',
  eligible: 'Eligible',
  ineligible: 'Not eligible',
  published: 'Published',
  withdrawn: 'Withdrawn',
}

export const NOMINATION_EVENTS = ['find_eligible', 'find_ineligible', 'publish', 'withdraw'] as const
export type NominationEvent = (typeof NOMINATION_EVENTS)[number]

/** On the public candidates page, and on the ballot. */
export const CANDIDATE_NOMINATION_STATUSES: readonly NominationStatus[] = ['published']
/** Waiting for an admin to decide on eligibility. */
export const TO_REVIEW_NOMINATION_STATUSES: readonly NominationStatus[] = ['submitted']

export const NOMINATION_TRANSITIONS: Record<NominationEvent, Transition<NominationStatus>> = {
  find_eligible: { from: ['submitted', 'ineligible'], to: 'eligible' },
  find_ineligible: { from: ['submitted', 'eligible'], to: 'ineligible' },
  publish: { from: ['eligible'], to: 'published' },
  withdraw: { from: ['submitted', 'eligible', 'ineligible', 'published'], to: 'withdrawn' },
}

export const NOMINATION_MACHINE: StatusMachine<NominationStatus, NominationEvent> = {
  subject: 'nomination',
  statuses: NOMINATION_STATUSES,
  initial: 'submitted',
  labels: NOMINATION_STATUS_LABELS,
  transitions: NOMINATION_TRANSITIONS,
  groups: { CANDIDATE: CANDIDATE_NOMINATION_STATUSES, TO_REVIEW: TO_REVIEW_NOMINATION_STATUSES },
}

