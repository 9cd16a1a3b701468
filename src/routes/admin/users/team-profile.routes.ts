import { Router } from 'express'
import type { Services } from '../../../services/index.ts'
import { teamProfilePage } from '../../account/team-profile.routes.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** /admin/users/:id/team-profile: an admin changes a staff member's team page profile (the area lets in admins only). */
export default function staffTeamProfileRoutes(services: Services): Router {
  const router = Router()
  const { valuesOf, render, save } = teamProfilePage(services)

  router.get('/:id/team-profile', async (req, res, next) => {
    const id = String(req.params.id)
    const user = UUID.test(id) ? await services.staff.findById(id) : null
    if (!user) return next()
    render(res, user, false, valuesOf(user), {})
  })

  router.post('/:id/team-profile', async (req, res, next) => {
    const id = String(req.params.id)
    const user = UUID.test(id) ? await services.staff.findById(id) : null
    if (!user) return next()
    const { values, errors } = await save(user, req.body as Record<string, unknown>, req.user!)
    if (Object.keys(errors).length > 0) return render(res, user, false, values, errors)
    req.session.flash = `${user.name}’s team page profile has been saved`
    res.redirect(303, `/admin/users/${user.id}`)
  })

  return router
}
