import type { Request, RequestHandler, Response } from 'express'
import { rateLimit } from 'express-rate-limit'
import type { EntityManager } from 'typeorm'
import { isEmail, normaliseEmail, tidyLine } from '../domain/text.ts'
import { LIMITS, type LimitName } from '../domain/limits.ts'
import { PgRateLimitStore } from './pg-rate-limit-store.ts'

export { LIMITS, type LimitName }

const windowMs = (name: LimitName) => LIMITS[name].windowMinutes * 60 * 1000

/** Seconds until this request's window ends (express-rate-limit sets req.rateLimit). */
function secondsToWait(req: Request, name: LimitName): number {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime
  const ms = resetTime ? resetTime.getTime() - Date.now() : windowMs(name)
  return Math.max(1, Math.ceil(ms / 1000))
}

/** The "you have tried too many times" page, status 429, with Retry-After and the minutes to wait. */
export function tooManyPage(name: LimitName, view: string, title = 'You have tried too many times', extra: (req: Request) => object = () => ({})) {
  return (req: Request, res: Response) => {
    const seconds = secondsToWait(req, name)
    res.set('Retry-After', String(seconds))
    res.status(429).render(view, { title, minutes: Math.ceil(seconds / 60), ...extra(req) })
  }
}

/**
 * The limit's size and window, counted in its own PgRateLimitStore. No RateLimit headers: they
 * would differ between requests that must look the same.
 */
function counted(db: EntityManager, name: LimitName, prefix = '') {
  const { limit } = LIMITS[name]
  return { windowMs: windowMs(name), limit, standardHeaders: false, legacyHeaders: false, store: new PgRateLimitStore(db, { prefix: `${prefix}${name.toLowerCase()}:` }) } as const
}

/**
 * A per-client-address limit counted in PostgreSQL (shared by every instance). Over it, the
 * NHS-styled "too many attempts" page, status 429.
 */
export function perIpLimit(
  db: EntityManager,
  name: LimitName,
  options: { prefix?: string; onReached?: RequestHandler; skipSuccessfulRequests?: boolean; skip?: (req: Request) => boolean } = {},
): RequestHandler {
  return rateLimit({
    ...counted(db, name, options.prefix),
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    skip: options.skip,
    handler: options.onReached ?? tooManyPage(name, 'pages/auth/too-many-attempts', 'Too many attempts'),
  })
}

/**
 * A per-person limit keyed on what `keyOf` returns (a normalised email address); a request it
 * returns null for (an address the form will refuse) is not counted. The store keeps only a
 * SHA-256 of the key. Over the limit, `onReached` decides: the same page with nothing sent
 * (res.locals.limitReached), or a page of its own.
 */
export function perAddressLimit(
  db: EntityManager,
  name: LimitName,
  options: { prefix?: string; keyOf: (req: Request) => string | null; onReached?: RequestHandler; skip?: (req: Request) => boolean },
): RequestHandler {
  return rateLimit({
    ...counted(db, name, options.prefix),
    skip: (req) => options.keyOf(req) === null || (options.skip?.(req) ?? false),
    keyGenerator: (req) => options.keyOf(req)!,
    handler:
      options.onReached ??
      ((_req, res, next) => {
        res.locals.limitReached = true
        next()
      }),
  })
}

/** The email address typed into a form, normalised; null when it is not one. */
export function typedEmail(req: Request): string | null {
  const typed = tidyLine((req.body as Record<string, unknown> | undefined)?.email)
  return isEmail(typed) ? normaliseEmail(typed) : null
}

/**
 * The limits on emailed sign-in links (applicants, executives): per IP and per address for
 * asking, per IP for using. Over the per-address limit the request carries on
 * (res.locals.limitReached) to the same "check your email" page, and nothing is sent.
 */
export function emailLinkLimits(db: EntityManager, options: { prefix: string; tooManyView: string }) {
  const { prefix, tooManyView } = options
  return {
    linksPerIp: perIpLimit(db, 'linkRequestsPerIp', { prefix, onReached: tooManyPage('linkRequestsPerIp', tooManyView) }),
    linksPerAddress: perAddressLimit(db, 'linkRequestsPerAddress', { prefix, keyOf: typedEmail }),
    signInsPerIp: perIpLimit(db, 'linkSignInsPerIp', { prefix, onReached: tooManyPage('linkSignInsPerIp', tooManyView) }),
  }
}

/** The limits, counted in this database: how routes get them (services.limits), never a connection. */
export function rateLimits(db: EntityManager) {
  return {
    perIp: (name: LimitName, options?: Parameters<typeof perIpLimit>[2]) => perIpLimit(db, name, options),
    perAddress: (name: LimitName, options: Parameters<typeof perAddressLimit>[2]) => perAddressLimit(db, name, options),
    emailLinks: (options: Parameters<typeof emailLinkLimits>[1]) => emailLinkLimits(db, options),
  }
}
