import { Router } from 'express'
import type { Services } from '../../services/index.ts'
import { rolePage } from '../../services/role.service.ts'
import type { PageCache } from '../../views/page-cache.ts'
import recruitmentSummaryRoutes from './recruitment-summary.routes.ts'
import teamRoutes from './team.routes.ts'

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export default function publicRoutes(services: Services, pages: PageCache): Router {
  const router = Router()

  router.get('/', async (_req, res) => {
    const roles = (await services.roles.listOpen()).map((role) => rolePage(role, true))
    await pages.render(res, 'pages/public/start', { roles })
  })

  router.get('/roles', async (_req, res) => {
    // Filled roles stay on the list and say so.
    const roles = (await services.roles.listOpen()).map((role) => rolePage(role, true))
    await pages.render(res, 'pages/public/roles', { roles })
  })

  router.get('/roles/:slug', async (req, res, next) => {
    const slug = req.params.slug
    const role = SLUG.test(slug) ? await services.roles.findPublic(slug) : null
    if (!role) return next()
    await pages.render(res, 'pages/public/role', { role })
  })

  router.get('/privacy', (_req, res) => pages.render(res, 'pages/public/privacy'))
  router.get('/accessibility', (_req, res) => pages.render(res, 'pages/public/accessibility'))
  router.get('/cookies', (_req, res) => pages.render(res, 'pages/public/cookies'))
  // Shares this page cache: the team changes rarely, and a few seconds' delay does no harm.
  router.use(teamRoutes(services, pages))
  router.use(recruitmentSummaryRoutes(services, pages))

  return router
}
