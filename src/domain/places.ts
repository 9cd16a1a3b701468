// A role's places, and the one rule for what fills them.
//
// A place is filled by an executive in the role whose term is running: accepting an offer makes
// the executive at once (onboarding), who then becomes active, so an accepted offer fills a place
// from that moment; a term that ends frees it. An offer still waiting for an answer (made, its link
// not yet expired) fills nothing, but it holds a place when the next offer is weighed: an offer
// beyond the free places needs the community manager to confirm it. Once every place is filled the
// role shows as filled and stops taking applications, unless the community manager keeps it open
// as a waiting list. src/queries/role-places.ts counts these in SQL with the groups below.
import { TRANSITIONS, type ApplicationStatus } from './application-status.ts'
import { CURRENT_EXECUTIVE_STATUSES, type ExecutiveStatus } from './executive-status.ts'

/** Executives who fill a place in their role: those whose term is running. */
export const PLACE_FILLING_EXECUTIVE_STATUSES: readonly ExecutiveStatus[] = CURRENT_EXECUTIVE_STATUSES

/** Applications whose offer is waiting for an answer: those the offer link can still accept. */
export const OFFER_WAITING_STATUSES: readonly ApplicationStatus[] = TRANSITIONS.accept_offer.from

export interface RolePlaces {
  places: number
  /** Executives in the role whose term is running. */
  placesFilled: number
  /** Whether the role keeps taking applications, for a waiting list, once every place is filled. */
  waitingList: boolean
}

export interface RolePlacesWithOffers extends RolePlaces {
  /** Offers of the role waiting for an answer. */
  offersWaiting: number
}

export function isFilled(role: Pick<RolePlaces, 'places' | 'placesFilled'>): boolean {
  return role.placesFilled >= role.places
}

/**
 * Whether an open role takes applications now: while it has a place to fill, or when its
 * community manager keeps a waiting list.
 */
export function takesApplications(role: RolePlaces): boolean {
  return !isFilled(role) || role.waitingList
}

/** Places neither filled nor held by an offer waiting for an answer. */
export function freePlaces(role: Pick<RolePlacesWithOffers, 'places' | 'placesFilled' | 'offersWaiting'>): number {
  return Math.max(0, role.places - role.placesFilled - role.offersWaiting)
}

/** Another offer would promise more people than the role has places: the community manager must confirm it. */
export function offerNeedsConfirming(role: Pick<RolePlacesWithOffers, 'places' | 'placesFilled' | 'offersWaiting'>): boolean {
  return freePlaces(role) === 0
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/** "1 of 1 place filled", "0 of 2 places filled". */
export function placesFilledText(role: Pick<RolePlaces, 'places' | 'placesFilled'>): string {
  return `${role.placesFilled} of ${plural(role.places, 'place', 'places')} filled`
}

/** "1 of 1 place filled, 1 offer waiting for an answer": what a community manager weighs before an offer. */
export function placesAndOffersText(role: Pick<RolePlacesWithOffers, 'places' | 'placesFilled' | 'offersWaiting'>): string {
  const filled = placesFilledText(role)
  return role.offersWaiting === 0 ? filled : `${filled}, ${plural(role.offersWaiting, 'offer', 'offers')} waiting for an answer`
}
