import type { ApplicationStatus } from '../../domain/application-status.ts'
import type { Decision } from '../../domain/decisions.ts'
import type { Action } from '../tx.ts'
import { makeOffer, type MakeOffer } from './make-offer.ts'
import { markUnsuccessful, type MarkUnsuccessful } from './mark-unsuccessful.ts'
import { shortlist } from './shortlist.ts'

export { QuorumNotReachedError } from './decision.ts'

/** Everything the decision form may send: each decision's action reads the fields it needs. */
export type DecisionInput = MakeOffer & MarkUnsuccessful

/**
 * The action for each decision the decision form makes. Inviting to a conversation is not one:
 * the form goes on to the page where times are offered (offerConversationTimes makes the move).
 */
export const DECISION_ACTIONS: Record<Exclude<Decision, 'invite_to_interview'>, Action<DecisionInput, ApplicationStatus>> = {
  shortlist,
  offer: makeOffer,
  reject: markUnsuccessful,
}
