import { Router, type Response } from 'express'
import { parseEmail, parseFirstAdmin, parseNewPassword, parseSignIn } from '../../forms/staff-auth.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import type { Authenticator, SignInRefusal } from '../../middleware/setUpAuthentication.ts'
import type { StaffUser } from '../../entities/index.ts'
import type { Services } from '../../services/index.ts'
import { typedEmail } from '../../middleware/rate-limits.ts'
import { endSession } from '../../middleware/end-session.ts'
import { startSessionCsrfToken } from '../../middleware/setUpCsrf.ts'
import { durationInWords, sessionTimeout } from '../../domain/session-timeout.ts'
import { finishStaffSignIn, landingPage, safeReturnTo, waitFor } from './finish-sign-in.ts'

const SIGN_IN_FAILED = 'Enter a correct email address and password'

function waitMessage(seconds: number): string {
  return `You have entered an incorrect password too many times. Wait ${waitFor(seconds)}, then try again, or reset your password.`
}

/** Staff sign-in and sign-out, first-admin setup, invitations and password resets (all at the top level). */
export default function authRoutes(services: Services, passport: Authenticator): Router {
  const router = Router()

  // Guessing one account is slowed per account and client (StaffService.signIn); this stops
  // guessing across accounts from one network. Only failures count: a trust's staff signing in
  // through one address never reach it.
  const signInLimiter = services.limits.perIp('staffSignInFailuresPerIp', { skipSuccessfulRequests: true })
  const resetsPerIp = services.limits.perIp('passwordResetsPerIp')
  // Over it the answer is the same "check your email", and nothing is sent.
  const resetsPerAddress = services.limits.perAddress('passwordResetsPerAddress', { keyOf: typedEmail })

  async function renderSignIn(res: Response, values: { email?: string }, errors: Errors, status = 200) {
    // The single sign-on button, in the words of the settings, only when SSO is configured.
    const sso = services.sso.configured ? { buttonText: (await services.settings.get()).ssoButtonText } : null
    res.status(status).render('pages/auth/sign-in', { title: 'Sign in', values, errors, errorList: errorList(errors), sso })
  }

  router.get('/sign-in', (req, res) => {
    if (req.user) return res.redirect(303, landingPage(req.user))
    return renderSignIn(res, {}, {})
  })

  router.post('/sign-in', signInLimiter, (req, res, next) => {
    const { values, errors } = parseSignIn(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return renderSignIn(res, { email: values.email }, errors, 400)
    passport.authenticate('local', (error: unknown, user: StaffUser | false, info?: SignInRefusal) => {
      if (error) return next(error)
      // The same answers for known and unknown addresses: the wait is per typed address and client.
      if (!user && info?.waitSeconds) {
        res.set('Retry-After', String(info.waitSeconds))
        return void renderSignIn(res, { email: values.email }, { email: waitMessage(info.waitSeconds) }, 429).catch(next)
      }
      if (!user) return void renderSignIn(res, { email: values.email }, { email: SIGN_IN_FAILED }, 400).catch(next)
      const returnTo = safeReturnTo(req.session.returnTo)
      if (info?.secondFactor) {
        // The code from their authenticator app comes next, on a new session of its own.
        req.session.regenerate((regenerateError) => {
          if (regenerateError) return next(regenerateError)
          req.session.pendingSecondFactor = { staffUserId: user.id, startedAt: Date.now(), returnTo: returnTo ?? undefined }
          startSessionCsrfToken(req)
          res.redirect(303, '/sign-in/code')
        })
        return
      }
      finishStaffSignIn(req, res, next, { user, method: 'password', returnTo })
    })(req, res, next)
  })

  router.post('/sign-out', (req, res, next) => {
    // Signed in through the identity provider: the signed-out page offers its sign-out too.
    const after = req.session?.staffSignInMethod === 'sso' ? '/signed-out?from=sso' : '/signed-out'
    req.logout((logoutError) => {
      if (logoutError) return next(logoutError)
      endSession(req, res, services.config).then(() => res.redirect(303, after), next)
    })
  })

  // ?reason=inactive: the warning before the idle timeout ran out (public/session-timeout.js).
  router.get('/signed-out', async (req, res) => {
    const endSessionUrl = req.query.from === 'sso' ? await services.sso.endSessionUrl() : null
    if (req.query.reason !== 'inactive') return res.render('pages/auth/signed-out', { title: 'You have signed out', inactive: false, endSessionUrl })
    const idle = durationInWords(sessionTimeout(services.config.session).idleSeconds)
    res.render('pages/auth/signed-out', { title: 'You have been signed out', inactive: true, idle, endSessionUrl })
  })

  // First admin: the link printed on start while there are no staff accounts.
  router.get('/setup', async (req, res) => {
    const usable = await services.staff.isLinkUsable(req.query.token, 'setup')
    if (!usable) return res.status(410).render('pages/auth/link-expired', { title: 'This link has expired or has already been used', purpose: 'setup' })
    res.render('pages/auth/setup', { title: 'Create the first admin account', values: {}, errors: {}, token: req.query.token })
  })

  router.post('/setup', async (req, res) => {
    const token = String(req.query.token ?? '')
    const { values, errors } = parseFirstAdmin(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) {
      return res.status(400).render('pages/auth/setup', {
        title: 'Create the first admin account',
        values: { name: values.name, email: values.email },
        errors,
        errorList: errorList(errors),
        token,
      })
    }
    const user = await services.staff.setUpFirstAdmin(token, values)
    if (!user) return res.status(410).render('pages/auth/link-expired', { title: 'This link has expired or has already been used', purpose: 'setup' })
    req.session.flash = 'Your admin account has been created. Sign in with your email address and password.'
    res.redirect(303, '/sign-in')
  })

  // Invitations and password resets: choose a password.
  for (const [path, purpose] of [['invitation', 'invitation'], ['reset-password', 'password-reset']] as const) {
    const title = purpose === 'invitation' ? 'Create your password' : 'Choose a new password'
    router.get(`/${path}/:token`, async (req, res) => {
      const user = await services.staff.isLinkUsable(req.params.token, purpose)
      if (!user || user === 'setup') return res.status(410).render('pages/auth/link-expired', { title: 'This link has expired or has already been used', purpose })
      res.render('pages/auth/choose-password', { title, name: user.name, errors: {}, formAction: `/${path}/${req.params.token}` })
    })
    router.post(`/${path}/:token`, async (req, res) => {
      const user = await services.staff.isLinkUsable(req.params.token, purpose)
      if (!user || user === 'setup') return res.status(410).render('pages/auth/link-expired', { title: 'This link has expired or has already been used', purpose })
      const { values, errors } = parseNewPassword(req.body as Record<string, unknown>, user)
      if (Object.keys(errors).length > 0) {
        return res.status(400).render('pages/auth/choose-password', { title, name: user.name, errors, errorList: errorList(errors), formAction: `/${path}/${req.params.token}` })
      }
      const updated = await services.staff.setPasswordWithLink(req.params.token, purpose, values.password)
      if (!updated) return res.status(410).render('pages/auth/link-expired', { title: 'This link has expired or has already been used', purpose })
      // Shown once on the sign-in page, so the person knows it worked before signing in.
      req.session.flash = purpose === 'invitation' ? 'Your password has been created. Sign in with your email address and new password.' : 'Your password has been changed. Sign in with your new password.'
      res.redirect(303, '/sign-in')
    })
  }

  router.get('/forgot-password', (_req, res) => {
    res.render('pages/auth/forgot-password', { title: 'Reset your password', values: {}, errors: {} })
  })

  router.post('/forgot-password', resetsPerIp, resetsPerAddress, async (req, res) => {
    const { values, errors } = parseEmail(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) {
      return res.status(400).render('pages/auth/forgot-password', { title: 'Reset your password', values, errors, errorList: errorList(errors) })
    }
    if (!res.locals.limitReached) await services.staff.requestPasswordReset(values.email)
    // The same answer whether or not the address has an account.
    res.redirect(303, '/forgot-password/sent')
  })

  router.get('/forgot-password/sent', (_req, res) => res.render('pages/auth/reset-sent', { title: 'Check your email for a password reset link' }))

  return router
}
