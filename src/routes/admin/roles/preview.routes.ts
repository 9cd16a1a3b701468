import { Router } from 'express'
import { ROLE_STATUS_LABELS } from '../../../domain/role-definition.ts'
import type { Services } from '../../../services/index.ts'
import { rolePlaces } from '../../../queries/role-places.ts'
import { isRoleOpen, rolePage } from '../../../services/role.service.ts'
import { rolePages } from './role-pages.ts'

/** /admin/roles/:id/preview */
export default function rolePreviewRoutes(services: Services): Router {
  const router = Router()
  const { load } = rolePages(services)

  // The public role page exactly as the public would see it (a draft as it will look once open),
  // with a banner saying it is a preview.
  router.get('/:id/preview', async (req, res, next) => {
    const role = await load(req, false)
    if (!role) return next()
    const placesFilled = (await services.read(rolePlaces, { roleIds: [role.id] })).get(role.id)?.placesFilled ?? 0
    const publicRole = rolePage({ ...role, placesFilled }, role.status === 'draft' ? true : isRoleOpen(role))
    const banner = await new Promise<string>((resolve, reject) =>
      res.render('pages/admin/roles/preview-banner', { role, statusLabel: ROLE_STATUS_LABELS[role.status] }, (error: Error | null, html?: string) =>
        error ? reject(error) : resolve(html ?? ''),
      ),
    )
    res.render('pages/public/role', { role: publicRole }, (error: Error | null, html?: string) => {
      if (error) return next(error)
      const main = /<main\b[^>]*>/.exec(html ?? '')
      res.send(main ? html!.replace(main[0], main[0] + banner) : html)
    })
  })

  return router
}
