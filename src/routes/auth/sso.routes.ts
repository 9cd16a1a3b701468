import { Router, type Request, type Response } from 'express'
import type { Services } from '../../services/index.ts'
import { SsoUnavailableError } from '../../services/sso.service.ts'
import { finishStaffSignIn, safeReturnTo } from './finish-sign-in.ts'

/**
 * /sign-in/sso and its callback: staff single sign-on through the OpenID Connect provider of
 * OIDC_ISSUER (answering 404 when it is not configured). It only signs in someone who already
 * has an active staff account with the verified email address the provider gives: it never
 * makes one (invitations do). The roles are the staff account's.
 */
export default function ssoRoutes(services: Services): Router {
  const router = Router()
  // Failed callbacks (a wrong state, a replayed code) count with failed passwords from the network.
  const signInLimiter = services.limits.perIp('staffSignInFailuresPerIp', { skipSuccessfulRequests: true })

  function unavailable(res: Response) {
    res.status(503).render('pages/auth/sso-unavailable', { title: 'Single sign-on is not working at the moment' })
  }

  function failed(req: Request, res: Response, status: number, view: 'sso-failed' | 'sso-no-account', reason: string) {
    req.log?.warn({ reason }, 'single sign-on refused')
    const title = view === 'sso-failed' ? 'We could not sign you in' : 'There is no staff account for you here'
    res.status(status).render(`pages/auth/${view}`, { title })
  }

  router.post('/sign-in/sso', async (req, res, next) => {
    if (!services.sso.configured) return next()
    try {
      const { url, pending } = await services.sso.start()
      req.session.pendingSso = { ...pending, returnTo: safeReturnTo(req.session.returnTo) ?? undefined }
      res.redirect(303, url)
    } catch (error) {
      if (error instanceof SsoUnavailableError) {
        req.log?.warn({ err: error.cause }, 'the single sign-on provider could not be reached')
        return unavailable(res)
      }
      throw error
    }
  })

  router.get('/sign-in/sso/callback', signInLimiter, async (req, res, next) => {
    if (!services.sso.configured) return next()
    // Used once: a second visit to the same address finds nothing to finish.
    const pending = req.session.pendingSso
    delete req.session.pendingSso
    let outcome
    try {
      outcome = await services.sso.finish(new URL(req.originalUrl, services.config.baseUrl), pending)
    } catch (error) {
      if (error instanceof SsoUnavailableError) {
        req.log?.warn({ err: error.cause }, 'the single sign-on provider could not be reached')
        return unavailable(res)
      }
      throw error
    }
    if (!outcome.ok) return failed(req, res, 400, outcome.reason === 'refused' ? 'sso-failed' : 'sso-no-account', outcome.detail)
    // The same answer for an unknown address and a deactivated account.
    const user = await services.staff.findActiveByEmail(outcome.email)
    if (!user) return failed(req, res, 403, 'sso-no-account', 'no active staff account with that address')
    await services.staff.recordSignIn(user.id)
    finishStaffSignIn(req, res, next, { user, method: 'sso', returnTo: safeReturnTo(pending?.returnTo) })
  })

  return router
}
