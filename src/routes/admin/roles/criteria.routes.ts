import { Router, type Response } from 'express'
import { updateCriteria } from '../../../actions/admin/roles/update-criteria.ts'
import type { Role } from '../../../entities/index.ts'
import { parseCriteria } from '../../../forms/role/lists.ts'
import { parseVersion, type Errors } from '../../../forms/validation.ts'
import type { Services } from '../../../services/index.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

/** /admin/roles/:id/criteria: the essential and desirable criteria, published and used as the score sheet. */
export default function roleCriteriaRoutes(services: Services): Router {
  const router = Router()
  const { load, saving, change } = rolePages(services)

  const renderCriteria = (res: Response, role: Role, values: object, errors: Errors, status?: number) =>
    renderForm(res, 'criteria', role, { title: `Criteria: ${role.title}`, values, errors }, status)

  router.get('/:id/criteria', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const text = (kind: string) => role.criteria.filter((criterion) => criterion.kind === kind).map((criterion) => criterion.text).join('\n')
    renderCriteria(res, role, { essential: text('essential'), desirable: text('desirable') }, {})
  })

  router.post('/:id/criteria', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseCriteria(body)
    if (!data) return renderCriteria(res, role, values, errors)
    await saving(req, res, role, () => change(req, updateCriteria, { id: role.id, version: parseVersion(body), criteria: data }), (fresh) => renderCriteria(res, fresh, values, { essential: STALE_MESSAGE }, 409), {
      flash: 'Criteria saved',
      redirect: roleUrl(role),
    })
  })

  return router
}
