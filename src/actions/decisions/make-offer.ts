import type { ApplicationStatus } from '../../domain/application-status.ts'
import { AppError } from '../../domain/errors.ts'
import { offerNeedsConfirming, placesAndOffersText, type RolePlacesWithOffers } from '../../domain/places.ts'
import { Application } from '../../entities/index.ts'
import { rolePlaces } from '../../queries/role-places.ts'
import { createOfferLink } from '../../services/offer.service.ts'
import type { Action } from '../tx.ts'
import { applicationForDecision, emailDecision, type DecisionOn } from './decision.ts'

export interface MakeOffer extends DecisionOn {
  /** One of the roles applied for. */
  roleId?: string
  message?: string
  /** The community manager confirmed an offer although the role has no free place. */
  beyondPlaces?: boolean
}

/** The role's places are all filled or held by offers waiting for an answer, and the offer was not confirmed. Nothing was written. */
export class NoFreePlaceError extends AppError {
  constructor(
    readonly roleTitle: string,
    readonly places: RolePlacesWithOffers,
  ) {
    super(`${roleTitle} has no free place: ${placesAndOffersText(places)}`)
  }
}

/**
 * A community manager offers the applicant one of the roles they applied for: the status change,
 * the offered role, the accept and decline links, and the offer email, together. An offer beyond
 * the role's free places is refused with NoFreePlaceError unless `beyondPlaces` confirms it. The
 * role's row is locked while its places are counted, so two offers made at once are weighed one
 * after the other: the second sees the first, and cannot overfill the role unconfirmed.
 */
export const makeOffer: Action<MakeOffer, ApplicationStatus> = async (tx, input, actor) => {
  const application = await applicationForDecision(tx, input)
  const offered = application.roles?.find((choice) => choice.roleId === input.roleId)
  if (!offered) throw new Error('An offer needs one of the roles applied for')

  await tx.manager.query(`SELECT 1 FROM "roles" WHERE "id" = $1 FOR NO KEY UPDATE`, [offered.roleId])
  const places = (await rolePlaces(tx.manager, { roleIds: [offered.roleId] })).get(offered.roleId)!
  const beyond = offerNeedsConfirming(places)
  if (beyond && !input.beyondPlaces) throw new NoFreePlaceError(offered.roleTitle, places)

  const note = `offered: ${offered.roleTitle}${beyond ? ` (confirmed beyond its places: ${placesAndOffersText(places)})` : ''}`
  const next = await tx.transition(application, 'offer', actor, { note })
  await tx.manager.update(Application, { id: application.id }, { offeredRoleId: offered.roleId })
  // The accept and decline links are made with the offer: they exist exactly when it does.
  const offerLink = await createOfferLink(tx.manager, application.id)
  await emailDecision(tx, application, 'offer', next, {
    template: 'offer',
    data: { roleTitle: offered.roleTitle, message: input.message ?? '', offerToken: offerLink.token, respondBy: offerLink.expiresAt },
  })
  return next.status
}
