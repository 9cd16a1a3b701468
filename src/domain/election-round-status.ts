// The board election round status machine: an admin sets a round up (draft), opens nominations,
// opens voting (which emails every elector a ballot link), closes voting and counts, then
// publishes the results. A round can be cancelled until its results are published.
import type { StatusMachine, Transition } from './status-machine.ts'

export const ELECTION_ROUND_STATUSES = ['draft', 'nominations', 'voting', 'counted', 'published', 'cancelled'] as const
export type ElectionRoundStatus = (typeof ELECTION_ROUND_STATUSES)[number]

export const ELECTION_ROUND_STATUS_LABELS: Record<ElectionRoundStatus, string> = {
  draft: 'Being set up',
  nominations: 'Open for nominations',
  voting: 'Voting',
  counted: 'Counted, results not yet published',
  published: 'Results published',
  cancelled: 'Cancelled',
}

export const ELECTION_ROUND_EVENTS = ['open_nominations', 'open_voting', 'count', 'publish_results', 'cancel'] as const
export type ElectionRoundEvent = (typeof ELECTION_ROUND_EVENTS)[number]

/** Rounds the public page lists and shows. */
export const PUBLIC_ELECTION_ROUND_STATUSES: readonly ElectionRoundStatus[] = ['nominations', 'voting', 'counted', 'published', 'cancelled']
/** The round's details (seats, dates, method) may still change. */
export const EDITABLE_ELECTION_ROUND_STATUSES: readonly ElectionRoundStatus[] = ['draft', 'nominations']
/** Nominations can still be reviewed and published. */
export const NOMINATION_REVIEW_ROUND_STATUSES: readonly ElectionRoundStatus[] = ['nominations']
/** The electors can still be changed: until voting opens. */
export const ELECTOR_LIST_ROUND_STATUSES: readonly ElectionRoundStatus[] = ['draft', 'nominations']

export const ELECTION_ROUND_TRANSITIONS: Record<ElectionRoundEvent, Transition<ElectionRoundStatus>> = {
  open_nominations: { from: ['draft'], to: 'nominations' },
  open_voting: { from: ['nominations'], to: 'voting' },
  count: { from: ['voting'], to: 'counted' },
  publish_results: { from: ['counted'], to: 'published' },
  cancel: { from: ['draft', 'nominations', 'voting', 'counted'], to: 'cancelled' },
}

export const ELECTION_ROUND_MACHINE: StatusMachine<ElectionRoundStatus, ElectionRoundEvent> = {
  subject: 'election round',
  statuses: ELECTION_ROUND_STATUSES,
  initial: 'draft',
  labels: ELECTION_ROUND_STATUS_LABELS,
  transitions: ELECTION_ROUND_TRANSITIONS,
  groups: {
    PUBLIC: PUBLIC_ELECTION_ROUND_STATUSES,
    EDITABLE: EDITABLE_ELECTION_ROUND_STATUSES,
    NOMINATION_REVIEW: NOMINATION_REVIEW_ROUND_STATUSES,
    ELECTOR_LIST: ELECTOR_LIST_ROUND_STATUSES,
  },
}

