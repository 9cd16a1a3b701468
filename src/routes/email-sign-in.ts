import { Router, type Request, type RequestHandler, type Response } from 'express'
import { parseSignInEmail } from '../forms/my-application/sign-in-email.ts'
import type { Errors } from '../forms/validation.ts'
import { isWellFormedToken } from '../services/tokens.ts'
import { startSessionCsrfToken } from '../middleware/setUpCsrf.ts'

/** The pages of one emailed one-time-link sign-in, and what they do. */
export interface EmailSignInPages<Identity> {
  /** Where the area is mounted: the pages link back to it and sign-ins land on it. */
  base: string
  /** How long a link works, as the pages say. */
  linkMinutes: number
  /** From services.limits.emailLinks: requests for links per IP and per address, sign-ins per IP. */
  limits: { linksPerIp: RequestHandler; linksPerAddress: RequestHandler; signInsPerIp: RequestHandler }
  views: { checkEmail: string; checkEmailTitle: string; signIn: string; signInTitle: string }
  /** The page that asks for an address (at `base`), again with what was typed and what is wrong. */
  renderEmailPage(res: Response, values: { email?: string }, errors: Errors): void
  renderLinkExpired(res: Response, status: 400 | 410): void
  /** Sends a link to the lower-cased address: the same work whether or not it is known. */
  sendLink(email: string): Promise<void>
  /** Whether the link would still sign someone in, using nothing up. */
  isUsable(token: string): Promise<boolean>
  /** Uses the link up: who it signs in, or null when it does not. */
  redeem(token: string): Promise<Identity | null>
  /** Remembers who signed in, in the new session. */
  signIn(req: Request, identity: Identity): void | Promise<void>
}

function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())))
}

/**
 * POST `base` (ask for a link), GET check-email, and the link itself, sign-in/:token: a GET
 * that shows a button and a POST that signs in. Mount on the area's router.
 */
export function emailSignInRoutes<Identity>(pages: EmailSignInPages<Identity>): Router {
  const router = Router()
  const { base, linkMinutes, limits, views } = pages

  const linkExpired = (res: Response, token: string) => pages.renderLinkExpired(res, isWellFormedToken(token) ? 410 : 400)

  router.post('/', limits.linksPerIp, limits.linksPerAddress, async (req, res) => {
    const { values, errors } = parseSignInEmail(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return pages.renderEmailPage(res, values, errors)
    // Over the limit, the page looks the same but nothing is sent.
    if (!res.locals.limitReached) await pages.sendLink(values.email)
    res.redirect(303, `${base}/check-email`)
  })

  router.get('/check-email', (_req, res) => {
    res.render(views.checkEmail, { title: views.checkEmailTitle, minutes: linkMinutes, backLink: { href: base, text: 'Back' } })
  })

  // The emailed link shows a button rather than signing in, so that a mail scanner that follows
  // links cannot use the token up.
  router.get('/sign-in/:token', async (req, res) => {
    const token = String(req.params.token)
    if (!(await pages.isUsable(token))) return linkExpired(res, token)
    res.render(views.signIn, { title: views.signInTitle, formAction: `${base}/sign-in/${token}` })
  })

  router.post('/sign-in/:token', limits.signInsPerIp, async (req, res) => {
    const token = String(req.params.token)
    const identity = await pages.redeem(token)
    if (identity === null) return linkExpired(res, token)
    // A new session id at the change of privilege, so that an id known before sign-in is useless.
    await regenerateSession(req)
    await pages.signIn(req, identity)
    startSessionCsrfToken(req)
    // setUpSession makes a redirect wait until the session is stored, so the next page sees this.
    res.redirect(303, base)
  })

  return router
}
