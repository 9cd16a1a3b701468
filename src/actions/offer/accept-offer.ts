import { Application, OfferLink, Role } from '../../entities/index.ts'
import { communityManagers } from '../../queries/community-managers.ts'
import { SYSTEM } from '../../services/audit.ts'
import { createExecutive } from '../onboarding/create-executive.ts'
import type { Action } from '../tx.ts'
import { lockOpenOffer, type AnswerOffer, type OfferResult } from './open-offer.ts'

/**
 * The applicant accepts their offer with the link in the offer email. In one transaction: the
 * application moves offered -> accepted -> onboarding, the executive is made with their checklist
 * and welcome email (createExecutive), the link records the answer, and each community manager
 * is emailed. A link that is not open (malformed, unknown, expired, answered already) changes
 * nothing and says why. StaleApplicationError or IllegalTransitionError mean the application
 * changed under us (withdrawn, or a community manager acted): nothing is written, and the caller
 * shows what the link leads to now.
 */
export const acceptOffer: Action<AnswerOffer, OfferResult> = async (tx, { token, now = new Date() }, actor) => {
  const open = await lockOpenOffer(tx, token, now)
  if (!('row' in open)) return open
  const { row } = open

  const accepted = await tx.transition({ id: row.application_id, status: row.status, version: row.version }, 'accept_offer', actor, { note: 'answered by the offer link' })
  const application = await tx.manager.findOneByOrFail(Application, { id: row.application_id })
  const role = await tx.manager.findOneByOrFail(Role, { id: row.offered_role_id! })
  const executive = await createExecutive(tx, { application, role, now }, actor)
  await tx.transition(accepted, 'start_onboarding', SYSTEM)
  await tx.manager.update(OfferLink, { id: row.link_id }, { response: 'accepted', respondedAt: now })
  for (const staff of await communityManagers(tx.manager)) {
    await tx.email({
      key: `offer-accepted:${row.application_id}:${staff.id}`,
      template: 'offer-accepted',
      to: staff.email,
      data: { managerName: staff.name, name: executive.name, roleTitle: role.title, reference: row.reference, executiveId: executive.id },
    })
  }
  return { done: true, state: { kind: 'answered', outcome: 'accepted', reference: row.reference, roleTitle: role.title } }
}
