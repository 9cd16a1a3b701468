import { findOfferLink, offerStateOf, type OfferLinkRow, type OfferState } from '../../queries/offer-link.ts'
import { isWellFormedToken } from '../../services/tokens.ts'
import type { Tx } from '../tx.ts'

export interface AnswerOffer {
  /** The token from the link in the offer email. */
  token: string
  now?: Date
}

export interface OfferResult {
  /** True when this request recorded the answer; otherwise nothing changed and `state` says why. */
  done: boolean
  state: OfferState
}

/**
 * The offer behind `token`, locked with its application when it is still open: an accept and a
 * decline (or two accepts) sent at once are answered one at a time, and the second is told what
 * the first recorded. Otherwise the result to give back, with nothing changed.
 */
export async function lockOpenOffer(tx: Tx, token: string, now: Date): Promise<{ row: OfferLinkRow; state: Extract<OfferState, { kind: 'open' }> } | OfferResult> {
  if (!isWellFormedToken(token)) return { done: false, state: { kind: 'malformed' } }
  const row = await findOfferLink(tx.manager, token, true)
  const state = offerStateOf(row, now)
  if (state.kind !== 'open' || !row) return { done: false, state }
  return { row, state }
}
