import { Router } from 'express'
import { csrfSync } from 'csrf-sync'

/**
 * Synchroniser-token CSRF protection on every state-changing request. Pages with a form call
 * `csrfToken()` in the template, which makes the token (and so the session) only when needed.
 */
export default function setUpCsrf(): Router {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined
      const fromBody = body?._csrf
      if (typeof fromBody === 'string') return fromBody
      const fromHeader = req.headers['x-csrf-token']
      return typeof fromHeader === 'string' ? fromHeader : undefined
    },
  })
  const router = Router()
  router.use((req, res, next) => {
    res.locals.csrfToken = () => generateToken(req)
    next()
  })
  router.use(csrfSynchronisedProtection)
  return router
}
