// The board's rows of the authorisation table (tests/helpers/authorisation.ts spreads them into
// routeCases()): who may reach each /board route, as PRODUCT.md ("The board") says.
import type { Outcome, RouteCase, Visitor } from './authorisation.ts'

function outcomes(anonymous: Outcome, applicant: Outcome, executive: Outcome, board: Outcome, manager: Outcome, admin: Outcome): Record<Visitor, Outcome> {
  return { anonymous, applicant, 'new executive': executive, 'board member': board, 'community manager': manager, admin }
}
/** The seats and terms: board members and admins. */
const BOARD_AND_ADMINS = outcomes('sign-in', 'sign-in', 'sign-in', 'allowed', 'forbidden', 'allowed')
/** The board's settings: admins. */
const ADMINS = outcomes('sign-in', 'sign-in', 'sign-in', 'forbidden', 'forbidden', 'allowed')

export function boardRouteCases(): RouteCase[] {
  return [
    // board/seats.routes.ts
    { method: 'GET', route: '/board', path: '/board', expect: BOARD_AND_ADMINS },
    { method: 'GET', route: '/board/seats', path: '/board/seats', expect: ADMINS },
    { method: 'POST', route: '/board/seats', path: '/board/seats', body: { seats: '' }, expect: ADMINS },
  ]
}
