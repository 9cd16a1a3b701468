import { Router } from 'express'
import type { Services } from '../../services/index.ts'
import accountRoutes from './account.routes.ts'
import secondFactorAccountRoutes from './second-factor.routes.ts'
import ownTeamProfileRoutes from './team-profile.routes.ts'

/** /account: the signed-in staff member's own account (each page asks for any staff sign-in). */
export default function accountArea(services: Services): Router {
  const router = Router()
  router.use(accountRoutes(services))
  router.use(ownTeamProfileRoutes(services))
  router.use(secondFactorAccountRoutes(services))
  return router
}
