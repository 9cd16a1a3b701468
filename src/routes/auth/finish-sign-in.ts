import type { NextFunction, Request, Response } from 'express'
import type { StaffSignInMethod } from '../../domain/second-factor.ts'
import type { StaffUser } from '../../entities/index.ts'
import { startSessionCsrfToken } from '../../middleware/setUpCsrf.ts'

export function landingPage(user: StaffUser): string {
  if (user.roles.includes('board-member') || user.roles.includes('community-manager')) return '/review'
  return '/staff'
}

/** Only local paths, so a crafted link cannot send someone elsewhere after signing in. */
export function safeReturnTo(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null
}

/**
 * The last step of every staff sign-in (a password, a password and a code, single sign-on):
 * Passport logs the person in on a new session (a new id, so a planted one is useless), which
 * remembers when and how, for the session's lifetime and the second-factor policy.
 */
export function finishStaffSignIn(
  req: Request,
  res: Response,
  next: NextFunction,
  sign: { user: StaffUser; method: StaffSignInMethod; returnTo: string | null; flash?: string },
): void {
  req.logIn(sign.user, (error) => {
    if (error) return next(error)
    req.session.staffSignedInAt = Date.now()
    req.session.staffSignInMethod = sign.method
    startSessionCsrfToken(req)
    if (sign.flash) req.session.flash = sign.flash
    res.redirect(303, sign.returnTo ?? landingPage(sign.user))
  })
}

/** "Wait 30 seconds" or "Wait 4 minutes". */
export function waitFor(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`
}
