import { Router } from 'express'
import { resetSecondFactor } from '../../../actions/admin/users/reset-second-factor.ts'
import type { Services } from '../../../services/index.ts'
import { staffActor } from '../staff-actor.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * /admin/users/:id/second-factor: an admin resets someone's authenticator app when they have lost
 * it and their recovery codes (the area lets in admins only). Not their own: they set up a new
 * app from their account page.
 */
export default function staffSecondFactorRoutes(services: Services): Router {
  const router = Router()

  async function withApp(id: string, adminId: string) {
    const user = UUID.test(id) && id !== adminId ? await services.staff.findById(id) : null
    return user && (await services.secondFactor.status(user.id)) ? user : null
  }

  router.get('/:id/second-factor', async (req, res, next) => {
    const user = await withApp(req.params.id, req.user!.id)
    if (!user) return next()
    res.render('pages/admin/user-second-factor', { title: `Reset ${user.name}’s authenticator app`, user, backLink: { href: `/admin/users/${user.id}`, text: 'Back' } })
  })

  router.post('/:id/second-factor', async (req, res, next) => {
    const user = await withApp(req.params.id, req.user!.id)
    if (!user) return next()
    await services.act(resetSecondFactor, { id: user.id }, staffActor(req))
    req.session.flash = `${user.name}’s authenticator app has been reset. They have been signed out and emailed.`
    res.redirect(303, `/admin/users/${user.id}`)
  })

  return router
}
