import { ipKeyGenerator } from 'express-rate-limit'
import { Router, type Request, type Response } from 'express'
import { parseRecoveryCode, parseTotpCode } from '../../forms/second-factor.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import type { StaffUser } from '../../entities/index.ts'
import type { Services } from '../../services/index.ts'
import type { CodeCheck } from '../../services/second-factor.service.ts'
import { finishStaffSignIn, safeReturnTo, waitFor } from './finish-sign-in.ts'

/** The second step must follow the password within this long. */
const PENDING_MINUTES = 10

const PAGES = {
  code: { view: 'pages/auth/sign-in-code', title: 'Enter the code from your authenticator app', field: 'code' },
  recovery: { view: 'pages/auth/sign-in-recovery-code', title: 'Enter a recovery code', field: 'recoveryCode' },
} as const

function refusal(check: Extract<CodeCheck, { ok: false }>, field: 'code' | 'recoveryCode'): string {
  if (check.accountLimit) return `There have been too many incorrect codes for this account. Wait ${waitFor(check.waitSeconds!)}, then try again.`
  if (check.waitSeconds) return `You have entered an incorrect code too many times. Wait ${waitFor(check.waitSeconds)}, then try again.`
  if (check.reused) return 'This code has already been used. Wait for your app to show a new code, then enter that'
  return field === 'code' ? 'Enter the code your authenticator app shows now' : 'Enter a recovery code you have not used before'
}

/**
 * /sign-in/code and /sign-in/recovery-code: after a right password, the code from the person's
 * authenticator app, or one of their recovery codes. Wrong codes count as failed sign-ins, per
 * account and client and per network, as wrong passwords do.
 */
export default function secondFactorSignInRoutes(services: Services): Router {
  const router = Router()
  const signInLimiter = services.limits.perIp('staffSignInFailuresPerIp', { skipSuccessfulRequests: true })

  /** The staff member whose password was right in this session, if that was not too long ago. */
  async function pendingUser(req: Request): Promise<StaffUser | null> {
    const pending = req.session.pendingSecondFactor
    if (!pending || Date.now() - pending.startedAt > PENDING_MINUTES * 60 * 1000) return null
    return services.staff.findActiveById(pending.staffUserId)
  }

  function render(res: Response, page: keyof typeof PAGES, errors: Errors, status = 200) {
    res.status(status).render(PAGES[page].view, { title: PAGES[page].title, errors, errorList: errorList(errors), backLink: { href: '/sign-in', text: 'Back to sign in' } })
  }

  for (const [path, page] of [['/sign-in/code', 'code'], ['/sign-in/recovery-code', 'recovery']] as const) {
    router.get(path, async (req, res) => {
      if (!(await pendingUser(req))) return res.redirect(303, '/sign-in')
      render(res, page, {})
    })

    router.post(path, signInLimiter, async (req, res, next) => {
      const user = await pendingUser(req)
      if (!user) return res.redirect(303, '/sign-in')
      const body = req.body as Record<string, unknown>
      const parsed = page === 'code' ? parseTotpCode(body) : parseRecoveryCode(body)
      if (Object.keys(parsed.errors).length > 0) return render(res, page, parsed.errors, 400)
      const client = ipKeyGenerator(req.ip ?? '')
      const check =
        'code' in parsed.values
          ? await services.secondFactor.checkSignInCode(user, parsed.values.code, client)
          : await services.secondFactor.useRecoveryCode(user, parsed.values.recoveryCode, client)
      if (!check.ok) {
        if (check.waitSeconds) res.set('Retry-After', String(check.waitSeconds))
        return render(res, page, { [PAGES[page].field]: refusal(check, PAGES[page].field) }, check.waitSeconds ? 429 : 400)
      }
      const left = check.recoveryCodesLeft
      finishStaffSignIn(req, res, next, {
        user,
        method: page === 'code' ? 'password-and-code' : 'password-and-recovery-code',
        returnTo: safeReturnTo(req.session.pendingSecondFactor?.returnTo),
        flash:
          left === undefined
            ? undefined
            : `You signed in with a recovery code. You have ${left} left${left <= 3 ? ': get new ones from your account page' : ''}.`,
      })
    })
  }

  return router
}
