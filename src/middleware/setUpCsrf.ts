import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { Router, type Request, type RequestHandler } from 'express'
import { csrfSync } from 'csrf-sync'
import type { Config } from '../config.ts'
import { sessionCookieOptions } from './setUpSession.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The one POST taken without a CSRF token: one-click unsubscribe (RFC 8058), which a mail
 * program sends from its own servers, with no session and no token. The unguessable token in the
 * path is the authority, and all it can do is stop emails to the person it was emailed to.
 */
export const CSRF_EXEMPT_POST = /^\/interest\/unsubscribe\/[A-Za-z0-9_-]{43}$/

export function csrfCookieName(config: Config): string {
  return config.https ? '__Host-csrf' : 'csrf'
}

/** Whether the session holds anything of its own (a sign-in, answers), beyond its cookie. */
function sessionHasContent(req: Request): boolean {
  const session = req.session as unknown as Record<string, unknown> | undefined
  return !!session && Object.keys(session).some((key) => key !== 'cookie')
}

/**
 * One cookie's value from the request. (Express reads no cookies itself; this is the whole of
 * what is needed here, so no cookie parser is added for it.)
 */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim())
      } catch {
        return undefined
      }
    }
  }
  return undefined
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** The token a request was sent with, from its form or its X-CSRF-Token header. */
function sentToken(req: Request): unknown {
  const body = req.body as Record<string, unknown> | undefined
  return typeof body?._csrf === 'string' ? body._csrf : req.headers['x-csrf-token']
}

/**
 * For a POST that stores the first thing in a session without signing anyone in (the
 * application's confirmation): the token it was checked with becomes the session's own, so the
 * pages already open in the browser (a double click, the back button) still send a valid one.
 */
export function keepCsrfTokenInSession(req: Request): void {
  const sent = sentToken(req)
  if (!req.session.csrfToken && typeof sent === 'string') req.session.csrfToken = sent
}

/**
 * For a session just made at sign-in (regenerated): its token from the start, stored with it.
 * Made lazily instead, by the first page with a form, two pages loaded at once on the new session
 * (a double click, a page and a prefetch) would each make one, and the session saved last would
 * keep its own: the other page's form would then be refused as expired.
 */
export function startSessionCsrfToken(req: Request): void {
  req.session.csrfToken = randomBytes(32).toString('base64url')
}

/**
 * Synchroniser-token CSRF protection on every state-changing request. Pages with a form call
 * `csrfToken()` in the template, which makes the token only when a page needs one.
 *
 * Where it is kept: in the session once the session holds something (a sign-in, the answers of
 * an application); before that, in a signed, HttpOnly cookie of its own, so that a visitor who
 * only reads a form page (or a crawler walking every one) leaves no session row behind. The
 * first POST is checked against the cookie; the pages after it, with the session made, get a
 * token of the session's own. Tokens are compared in constant time.
 */
export default function setUpCsrf(config: Config): Router {
  const name = csrfCookieName(config)
  const sign = (token: string) => createHmac('sha256', config.session.secret).update(`csrf:${token}`).digest('base64url')

  const fromCookie = (req: Request): string | undefined => {
    const value = cookieValue(req, name)
    const dot = value?.lastIndexOf('.') ?? -1
    if (!value || dot <= 0) return undefined
    const token = value.slice(0, dot)
    return sameText(value.slice(dot + 1), sign(token)) ? token : undefined
  }

  const { generateToken, getTokenFromState, invalidCsrfTokenError } = csrfSync({
    // Once the session holds something, only its own token counts: signing in (which makes a
    // new session) gives a new token.
    getTokenFromState: (req) => req.session?.csrfToken ?? (sessionHasContent(req) ? undefined : fromCookie(req)),
    storeTokenInState: (req, token) => {
      if (sessionHasContent(req) || !req.res) {
        req.session.csrfToken = token
        return
      }
      // Lives as long as the browser session; Secure and __Host- over https, as the session's.
      req.res.cookie(name, `${token}.${sign(token ?? '')}`, sessionCookieOptions(config))
    },
  })

  const protect: RequestHandler = (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    if (req.method === 'POST' && CSRF_EXEMPT_POST.test(req.path)) return next()
    const sent = sentToken(req)
    const expected = getTokenFromState(req)
    if (typeof sent === 'string' && typeof expected === 'string' && expected !== '' && sameText(sent, expected)) return next()
    next(invalidCsrfTokenError)
  }

  const router = Router()
  router.use((req, res, next) => {
    // One token a response, however many forms the page has: before a session holds anything
    // the token goes in a cookie, and a second call would replace the first form's.
    let token: string | undefined
    res.locals.csrfToken = () => (token ??= generateToken(req))
    next()
  })
  router.use(protect)
  return router
}
