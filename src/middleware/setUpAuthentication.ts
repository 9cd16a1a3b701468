import { Router, type RequestHandler } from 'express'
import { ipKeyGenerator } from 'express-rate-limit'
import { Passport } from 'passport'
import { Strategy as LocalStrategy, type IVerifyOptions } from 'passport-local'
import type { Config } from '../config.ts'
import { sessionTimeout } from '../domain/session-timeout.ts'
import { mustSetUpSecondFactor } from '../domain/second-factor.ts'
import type { StaffRole } from '../domain/staff-roles.ts'
import type { SettingsValues } from '../domain/settings.ts'
import type { StaffUser } from '../entities/index.ts'
import type { Services } from '../services/index.ts'
import { endSession } from './end-session.ts'
import { RoleRequiredError } from './errorHandler.ts'

export type Authenticator = InstanceType<typeof Passport>

/**
 * What a sign-in tells the route: when refused, whether this client must wait before trying
 * again; when the password was right, whether the account's second factor comes next.
 */
export interface SignInRefusal extends IVerifyOptions {
  waitSeconds?: number
  secondFactor?: boolean
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends StaffUser {}
  }
}

/**
 * Staff sign-in with Passport: the session holds only the staff id; every request reloads the
 * person, so a deactivated account is signed out at once. A sign-in lasts at most
 * config.session.absoluteHours, however active.
 */
export default function setUpAuthentication(services: Services, config: Config): { router: Router; passport: Authenticator } {
  // One Passport per app, not the package's shared instance: tests run several apps at once.
  const passport = new Passport()
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
      // The client as the rate limits see it: the IP address, or an IPv6 address's /56.
      services.staff
        .signIn(email, password, ipKeyGenerator(req.ip ?? ''))
        .then((result) => {
          if (result.ok) {
            const accepted: SignInRefusal = { message: 'Password accepted', secondFactor: result.secondFactor }
            return done(null, result.user, accepted)
          }
          const refusal: SignInRefusal = { message: 'Sign-in refused', waitSeconds: result.waitSeconds }
          done(null, false, refusal)
        })
        .catch(done)
    }),
  )
  passport.serializeUser((user, done) => done(null, (user as StaffUser).id))
  passport.deserializeUser((id: string, done) => {
    services.staff
      .findActiveById(id)
      .then((user) => done(null, user ?? false))
      .catch(done)
  })

  // For the warning before a signed-in page's session ends for inactivity (partials/session-timeout).
  const timeout = sessionTimeout(config.session)
  const router = Router()
  // No session (a public page for a visitor without one): nobody is signed in.
  router.use((req, _res, next) => next(req.session ? undefined : 'router'))
  router.use(passport.initialize())
  router.use(passport.session())
  router.use((req, res, next) => {
    if (!req.user) return next()
    const signedInAt = req.session.staffSignedInAt ?? 0
    if (Date.now() - signedInAt > config.session.absoluteHours * 60 * 60 * 1000) {
      endSession(req, res, config).then(() => res.redirect(303, '/sign-in?expired=1'), next)
      return
    }
    res.locals.staffUser = req.user
    res.locals.sessionTimeout = timeout
    // Signed-in pages hold personal data: never store them in a cache.
    res.set('Cache-Control', 'no-store')
    // The request's settings, read by setUpLocals (mounted before this in app.ts).
    const settings = res.locals.settings as SettingsValues
    // "Staff must use SSO or a second factor": until this sign-in has one, only setting one up.
    res.locals.secondFactorSetUpNeeded = mustSetUpSecondFactor(req.session.staffSignInMethod, settings.staffSecondFactorRequired)
    next()
  })
  return { router, passport }
}

/** Where a staff member who must set up a second factor is sent, from any staff page. */
export const SECOND_FACTOR_SET_UP = '/account/authenticator-app'

/** Only for signed-in staff holding one of `roles` (any staff member when none are given). */
export function requireStaff(...roles: StaffRole[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) {
      const back = req.method === 'GET' && req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/staff'
      req.session.returnTo = back
      return res.redirect(303, '/sign-in')
    }
    if (res.locals.secondFactorSetUpNeeded) return res.redirect(303, SECOND_FACTOR_SET_UP)
    if (roles.length > 0 && !roles.some((role) => req.user!.roles.includes(role))) {
      return next(new RoleRequiredError(roles))
    }
    next()
  }
}

/** Any signed-in staff member, also one who has yet to set up the second factor the policy asks for (the set-up pages). */
export function requireStaffSettingUpSecondFactor(): RequestHandler {
  return (req, res, next) => {
    if (!req.user) {
      req.session.returnTo = '/account'
      return res.redirect(303, '/sign-in')
    }
    next()
  }
}
