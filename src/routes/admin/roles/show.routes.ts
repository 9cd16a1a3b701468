import { Router } from 'express'
import { ROLE_ACTIONS, type RoleAction } from '../../../actions/admin/roles/change-role-status.ts'
import { ROLE_MACHINE } from '../../../domain/role-status.ts'
import { allows } from '../../../domain/status-machine.ts'
import { ROLE_STATUS_LABELS } from '../../../domain/role-definition.ts'
import { CHECKLIST_OWNER_LABELS } from '../../../forms/role/checklist.ts'
import { QUESTION_TYPE_LABELS } from '../../../forms/role/question.ts'
import { isFilled } from '../../../domain/places.ts'
import { roundName } from '../../../queries/recruitment-rounds.ts'
import { rolePlaces } from '../../../queries/role-places.ts'
import type { Services } from '../../../services/index.ts'
import { isRoleOpen, todayInLondon } from '../../../services/role.service.ts'
import { ROLE_STATUS_TAG_COLOURS, rolePages } from './role-pages.ts'

/** /admin/roles/:id: one role's overview, with links to change each part and to open, close or archive it. */
export default function roleOverviewRoutes(services: Services): Router {
  const router = Router()
  const { load } = rolePages(services)

  router.get('/:id', async (req, res, next) => {
    const role = await load(req, false)
    if (!role) return next()
    const today = todayInLondon()
    const places = (await services.read(rolePlaces, { roleIds: [role.id] })).get(role.id)!
    res.render('pages/admin/roles/show', {
      title: `${role.title} - Roles`,
      role,
      today,
      places,
      filled: isFilled(places),
      roundName: await services.read(roundName, { id: role.roundId }),
      statusLabel: ROLE_STATUS_LABELS[role.status],
      tagColour: ROLE_STATUS_TAG_COLOURS[role.status],
      pastClosingDate: role.status === 'open' && !isRoleOpen(role),
      actions: (Object.keys(ROLE_ACTIONS) as RoleAction[]).filter((action) => allows(ROLE_MACHINE, role.status, action)),
      actionButtons: { open: 'Open role', close: 'Close role', archive: 'Archive role' },
      questionTypeLabels: QUESTION_TYPE_LABELS,
      ownerLabels: CHECKLIST_OWNER_LABELS,
      backLink: { href: '/admin/roles', text: 'Back to roles' },
    })
  })

  return router
}
