import type { RequestHandler } from 'express'
import { rateLimit } from 'express-rate-limit'
import { isEmail, normaliseEmail, tidyLine } from '../domain/text.ts'
import { PgRateLimitStore, type SqlRunner } from './pg-rate-limit-store.ts'

/**
 * A per-IP limit counted in PostgreSQL (shared by every instance), for forms that send email
 * or check passwords. Over the limit, the NHS-styled "too many attempts" page, status 429.
 */
export function perIpLimit(db: SqlRunner, options: { prefix: string; limit: number; windowMinutes: number }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMinutes * 60 * 1000,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new PgRateLimitStore(db, { prefix: options.prefix }),
    handler: (_req, res) => {
      res.status(429).render('pages/auth/too-many-attempts', { title: 'Too many attempts' })
    },
  })
}

export const LINK_WINDOW_MINUTES = 15
/** Sign-in links one address can be sent per window. Over it, the page is the same; no email goes. */
export const LINKS_PER_ADDRESS = 3
/** Requests for links from one IP address (or IPv6 /56) per window. Over it: 429. */
export const LINKS_PER_IP = 10
/** Sign-in attempts with a link from one IP address per window. */
export const SIGN_INS_PER_IP = 30

/**
 * The limits on emailed sign-in links (applicants, executives): per IP and per address for
 * asking, per IP for using. No RateLimit headers: they would differ between requests that must
 * look the same. Over the per-address limit the request carries on (res.locals.linkLimitReached)
 * to the same "check your email" page, and nothing is sent.
 */
export function emailLinkLimits(db: SqlRunner, options: { prefix: string; tooManyView: string }) {
  const windowMs = LINK_WINDOW_MINUTES * 60 * 1000
  const common = { windowMs, standardHeaders: false, legacyHeaders: false } as const
  const tooMany: RequestHandler = (_req, res) => {
    res.set('Retry-After', String(windowMs / 1000))
    res.status(429).render(options.tooManyView, { title: 'You have tried too many times', minutes: LINK_WINDOW_MINUTES })
  }
  const emailIn = (body: unknown) => tidyLine((body as Record<string, unknown> | undefined)?.email)
  return {
    linksPerIp: rateLimit({ ...common, limit: LINKS_PER_IP, store: new PgRateLimitStore(db, { prefix: `${options.prefix}links-ip:` }), handler: tooMany }),
    linksPerAddress: rateLimit({
      ...common,
      limit: LINKS_PER_ADDRESS,
      // The store keeps only a SHA-256 of the key. An address the form will refuse is not counted.
      store: new PgRateLimitStore(db, { prefix: `${options.prefix}links-address:` }),
      skip: (req) => !isEmail(emailIn(req.body)),
      keyGenerator: (req) => normaliseEmail(emailIn(req.body)),
      handler: (_req, res, next) => {
        res.locals.linkLimitReached = true
        next()
      },
    }),
    signInsPerIp: rateLimit({ ...common, limit: SIGN_INS_PER_IP, store: new PgRateLimitStore(db, { prefix: `${options.prefix}sign-in-ip:` }), handler: tooMany }),
    tooMany,
  }
}

/** The limits, counted in this database: how routes get them (services.limits), never a connection. */
export function rateLimits(db: SqlRunner) {
  return {
    perIp: (options: Parameters<typeof perIpLimit>[1]) => perIpLimit(db, options),
    emailLinks: (options: Parameters<typeof emailLinkLimits>[1]) => emailLinkLimits(db, options),
  }
}
