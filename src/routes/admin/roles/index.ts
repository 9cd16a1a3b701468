import { Router } from 'express'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import type { Services } from '../../../services/index.ts'
import roleChecklistRoutes from './checklist.routes.ts'
import roleCriteriaRoutes from './criteria.routes.ts'
import roleDetailsRoutes from './details.routes.ts'
import roleLinksRoutes from './links.routes.ts'
import roleListRoutes from './list.routes.ts'
import rolePreviewRoutes from './preview.routes.ts'
import roleQuestionsRoutes from './questions.routes.ts'
import roleRoundRoutes from './round.routes.ts'
import roleLinesRoutes from './responsibilities-and-skills.routes.ts'
import roleOverviewRoutes from './show.routes.ts'
import roleStatusRoutes from './status.routes.ts'
import roleWaitingListRoutes from './waiting-list.routes.ts'

/**
 * /admin/roles: role definitions for community managers only. Create, change every part,
 * preview, open, close, archive; one file per page of a role (/admin/roles/:id/<page>).
 */
export default function adminRolesArea(services: Services): Router {
  const router = Router()
  router.use(requireStaff('community-manager'))
  router.use(roleListRoutes(services))
  // /new before /:id.
  router.use(roleDetailsRoutes(services))
  router.use(roleOverviewRoutes(services))
  router.use(rolePreviewRoutes(services))
  router.use(roleLinesRoutes(services))
  router.use(roleCriteriaRoutes(services))
  router.use(roleQuestionsRoutes(services))
  router.use(roleLinksRoutes(services))
  router.use(roleChecklistRoutes(services))
  router.use(roleStatusRoutes(services))
  router.use(roleWaitingListRoutes(services))
  router.use(roleRoundRoutes(services))
  return router
}
