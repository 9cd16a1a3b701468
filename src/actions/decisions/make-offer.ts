import type { ApplicationStatus } from '../../domain/application-status.ts'
import { Application } from '../../entities/index.ts'
import { createOfferLink } from '../../services/offer.service.ts'
import type { Action } from '../tx.ts'
import { applicationForDecision, emailDecision, type DecisionOn } from './decision.ts'

export interface MakeOffer extends DecisionOn {
  /** One of the roles applied for. */
  roleId?: string
  message?: string
}

/**
 * A community manager offers the applicant one of the roles they applied for: the status change,
 * the offered role, the accept and decline links, and the offer email, together.
 */
export const makeOffer: Action<MakeOffer, ApplicationStatus> = async (tx, input, actor) => {
  const application = await applicationForDecision(tx, input)
  const offered = application.roles?.find((choice) => choice.roleId === input.roleId)
  if (!offered) throw new Error('An offer needs one of the roles applied for')

  const next = await tx.transition(application, 'offer', actor, { note: `offered: ${offered.roleTitle}` })
  await tx.manager.update(Application, { id: application.id }, { offeredRoleId: offered.roleId })
  // The accept and decline links are made with the offer: they exist exactly when it does.
  const offerLink = await createOfferLink(tx.manager, application.id)
  await emailDecision(tx, application, 'offer', next, {
    template: 'offer',
    data: { roleTitle: offered.roleTitle, message: input.message ?? '', offerToken: offerLink.token, respondBy: offerLink.expiresAt },
  })
  return next.status
}
