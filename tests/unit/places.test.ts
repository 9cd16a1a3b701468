// The rule for a role's places (src/domain/places.ts): what fills them, when a role stops taking
// applications, when an offer must be confirmed, and how it is said.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EXECUTIVE_STATUSES } from '../../src/domain/executive-status.ts'
import {
  freePlaces,
  isFilled,
  OFFER_WAITING_STATUSES,
  offerNeedsConfirming,
  PLACE_FILLING_EXECUTIVE_STATUSES,
  placesAndOffersText,
  placesFilledText,
  takesApplications,
} from '../../src/domain/places.ts'

const role = (places: number, placesFilled: number, offersWaiting = 0, waitingList = false) => ({ places, placesFilled, offersWaiting, waitingList })

describe('places', () => {
  it('are filled by executives whose term is running, not by those whose term ended', () => {
    assert.deepEqual([...PLACE_FILLING_EXECUTIVE_STATUSES].sort(), ['active', 'onboarding'])
    assert.ok(EXECUTIVE_STATUSES.every((status) => status === 'ended' || PLACE_FILLING_EXECUTIVE_STATUSES.includes(status)))
  })

  it('are held, for the offer check, by offers the link can still accept', () => {
    assert.deepEqual(OFFER_WAITING_STATUSES, ['offered'])
  })

  it('make a role filled once every one is filled, whatever offers are waiting', () => {
    assert.equal(isFilled(role(1, 0, 1)), false)
    assert.equal(isFilled(role(1, 1)), true)
    assert.equal(isFilled(role(2, 1)), false)
    assert.equal(isFilled(role(1, 2)), true, 'more people than places (an offer confirmed beyond them)')
  })

  it('let a filled role take applications only with a waiting list', () => {
    assert.equal(takesApplications(role(1, 0)), true)
    assert.equal(takesApplications(role(1, 1)), false)
    assert.equal(takesApplications(role(1, 1, 0, true)), true)
  })

  it('are free when neither filled nor held by an offer; an offer with none free needs confirming', () => {
    assert.equal(freePlaces(role(3, 1, 1)), 1)
    assert.equal(offerNeedsConfirming(role(3, 1, 1)), false)
    assert.equal(freePlaces(role(2, 1, 1)), 0)
    assert.equal(offerNeedsConfirming(role(2, 1, 1)), true)
    assert.equal(freePlaces(role(1, 2, 1)), 0, 'never below none')
  })

  it('are told as "1 of 1 place filled"', () => {
    assert.equal(placesFilledText(role(1, 1)), '1 of 1 place filled')
    assert.equal(placesFilledText(role(2, 0)), '0 of 2 places filled')
    assert.equal(placesAndOffersText(role(2, 1)), '1 of 2 places filled')
    assert.equal(placesAndOffersText(role(2, 0, 1)), '0 of 2 places filled, 1 offer waiting for an answer')
    assert.equal(placesAndOffersText(role(3, 0, 2)), '0 of 3 places filled, 2 offers waiting for an answer')
  })
})
