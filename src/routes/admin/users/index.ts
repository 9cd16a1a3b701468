import { Router } from 'express'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import type { Services } from '../../../services/index.ts'
import staffSecondFactorRoutes from './second-factor.routes.ts'
import staffTeamProfileRoutes from './team-profile.routes.ts'
import adminUserRoutes from './users.routes.ts'

/** /admin/users: staff accounts, for admins only. */
export default function adminUsersArea(services: Services): Router {
  const router = Router()
  router.use(requireStaff('admin'))
  router.use(staffTeamProfileRoutes(services))
  router.use(staffSecondFactorRoutes(services))
  router.use(adminUserRoutes(services))
  return router
}
