import type { RequestHandler } from 'express'
import { rateLimit } from 'express-rate-limit'
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
