import { Router } from 'express'
import type { Services } from '../../services/index.ts'
import ballotRoutes from './ballot.routes.ts'
import electionRoutes from './elections.routes.ts'
import electorRoutes from './electors.routes.ts'
import nominateRoutes from './nominate.routes.ts'
import nominationRoutes from './nominations.routes.ts'
import notesRoutes from './notes.routes.ts'
import resultRoutes from './results.routes.ts'
import seatsRoutes from './seats.routes.ts'

/**
 * /board: the board's own pages. Who may see each is said on the route: the seats and terms are
 * for board members and admins; the board's settings for admins; published meeting notes are
 * public, drafts are the board's; elections, their candidates and the nomination form are public
 * once a round is open, and admins run them.
 */
export default function boardArea(services: Services): Router {
  const router = Router()
  router.use(seatsRoutes(services))
  router.use(notesRoutes(services))
  router.use(electionRoutes(services))
  router.use(nominateRoutes(services))
  router.use(nominationRoutes(services))
  router.use(electorRoutes(services))
  router.use(ballotRoutes(services))
  router.use(resultRoutes(services))
  return router
}
