import { Router } from 'express'
import { ROLE_STATUS_LABELS } from '../../../domain/role-definition.ts'
import { roleList } from '../../../queries/admin-roles.ts'
import { interestCountsByRole } from '../../../queries/interest.ts'
import type { Services } from '../../../services/index.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import { ROLE_STATUS_TAG_COLOURS } from './role-pages.ts'

/** /admin/roles: every role, with its status. */
export default function roleListRoutes(services: Services): Router {
  const router = Router()

  router.get('/', async (_req, res) => {
    res.render('pages/admin/roles/index', {
      title: 'Roles',
      roles: await services.read(roleList, {}),
      interestWaiting: await services.read(interestCountsByRole, {}),
      today: todayInLondon(),
      statusLabels: ROLE_STATUS_LABELS,
      tagColours: ROLE_STATUS_TAG_COLOURS,
    })
  })

  return router
}
