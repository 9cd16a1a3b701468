import { Router } from 'express'
import type { Services } from '../../services/index.ts'

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export default function publicRoutes(services: Services): Router {
  const router = Router()

  router.get('/', async (_req, res) => {
    const roles = await services.roles.listOpen()
    res.render('pages/public/start', { roles })
  })

  router.get('/roles', async (_req, res) => {
    const roles = await services.roles.listOpen()
    res.render('pages/public/roles', { roles })
  })

  router.get('/roles/:slug', async (req, res, next) => {
    const slug = req.params.slug
    const role = SLUG.test(slug) ? await services.roles.findPublic(slug) : null
    if (!role) return next()
    res.render('pages/public/role', { role })
  })

  router.get('/privacy', (_req, res) => res.render('pages/public/privacy'))
  router.get('/accessibility', (_req, res) => res.render('pages/public/accessibility'))
  router.get('/cookies', (_req, res) => res.render('pages/public/cookies'))

  return router
}
