import { Router } from 'express'
import type { Services } from '../../services/index.ts'
import { loadApplicationForm } from './application-form.ts'
import applyRoutes from './apply.routes.ts'
import draftRoutes from './draft.routes.ts'
import nhsEmailRoutes from './nhs-email.routes.ts'

/** /apply: the application form, its draft, and saving it to come back later. */
export default function applyArea(services: Services): Router {
  const router = Router()
  // Every page holds what the applicant typed (name, email, answers): never kept by a browser or proxy.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })
  // The application this browser is filling in, from its draft cookie.
  router.use(loadApplicationForm(services))
  // First: /apply/save, /apply/delete, /apply/resume/:token ... would otherwise be taken as form pages.
  router.use(draftRoutes(services))
  // Before the form's pages: sending and checking the NHS email code (the rest of that page is the form's).
  router.use(nhsEmailRoutes(services))
  router.use(applyRoutes(services))
  return router
}
