import { Router } from 'express'
import type { Services } from '../../services/index.ts'
import linkRoutes from './links.routes.ts'
import registerRoutes from './register.routes.ts'

/**
 * /interest: anyone can ask to be emailed when a role opens (register.routes.ts), confirm that
 * from the email, and unsubscribe from any email about it (links.routes.ts).
 */
export default function interestArea(services: Services): Router {
  const router = Router()
  // The pages hold an email address, and the emailed links are credentials: never kept by a browser or proxy.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })
  // First: /interest/confirm/:token and /interest/unsubscribe/:token would otherwise be taken as question pages.
  router.use(linkRoutes(services))
  router.use(registerRoutes(services))
  return router
}
