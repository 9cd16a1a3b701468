import { OfferLink } from '../../entities/index.ts'
import { communityManagers } from '../../queries/community-managers.ts'
import type { Action } from '../tx.ts'
import { lockOpenOffer, type AnswerOffer, type OfferResult } from './open-offer.ts'

/**
 * The applicant declines their offer with the link in the offer email: the application is
 * closed, the link records the answer and each community manager is emailed, in one
 * transaction. A link that is not open changes nothing and says why; StaleApplicationError or
 * IllegalTransitionError mean the application changed under us, as for acceptOffer.
 */
export const declineOffer: Action<AnswerOffer, OfferResult> = async (tx, { token, now = new Date() }, actor) => {
  const open = await lockOpenOffer(tx, token, now)
  if (!('row' in open)) return open
  const { row, state } = open

  await tx.transition({ id: row.application_id, status: row.status, version: row.version }, 'decline_offer', actor, { note: 'answered by the offer link' })
  await tx.manager.update(OfferLink, { id: row.link_id }, { response: 'declined', respondedAt: now })
  for (const staff of await communityManagers(tx.manager)) {
    await tx.email({
      key: `offer-declined:${row.application_id}:${staff.id}`,
      template: 'offer-declined',
      to: staff.email,
      data: { managerName: staff.name, name: row.full_name, roleTitle: state.roleTitle, reference: row.reference },
    })
  }
  return { done: true, state: { kind: 'answered', outcome: 'declined', reference: row.reference, roleTitle: state.roleTitle } }
}
