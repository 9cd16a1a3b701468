import type { EntityManager } from 'typeorm'
import { OfferLink } from '../entities/index.ts'
import { createToken } from './tokens.ts'

// The answer to an offer is src/actions/offer/accept-offer.ts and decline-offer.ts; what a link
// leads to is src/queries/offer-link.ts.

/** How long the accept and decline links in an offer email work. */
export const OFFER_LINK_DAYS = 14

/**
 * Makes the offer's one-time link in the caller's transaction (the one that records the offer).
 * Only a hash is stored; the token goes into the offer email.
 */
export async function createOfferLink(manager: EntityManager, applicationId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = createToken()
  const expiresAt = new Date(now.getTime() + OFFER_LINK_DAYS * 24 * 60 * 60 * 1000)
  await manager.insert(OfferLink, { applicationId, tokenHash: hash, expiresAt })
  return { token, expiresAt }
}
