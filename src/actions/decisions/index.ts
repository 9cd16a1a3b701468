import type { ApplicationStatus } from '../../domain/application-status.ts'
import type { Decision } from '../../domain/decisions.ts'
import type { Action } from '../tx.ts'
import { inviteToConversation, type InviteToConversation } from './invite-to-conversation.ts'
import { makeOffer, type MakeOffer } from './make-offer.ts'
import { markUnsuccessful, type MarkUnsuccessful } from './mark-unsuccessful.ts'
import { shortlist } from './shortlist.ts'

export { QuorumNotReachedError } from './decision.ts'

/** Everything the decision form may send: each decision's action reads the fields it needs. */
export type DecisionInput = InviteToConversation & MakeOffer & MarkUnsuccessful

/** The action for each decision the decision form offers. */
export const DECISION_ACTIONS: Record<Decision, Action<DecisionInput, ApplicationStatus>> = {
  shortlist,
  invite_to_interview: inviteToConversation,
  offer: makeOffer,
  reject: markUnsuccessful,
}
