import { Router } from 'express'
import session from 'express-session'
import connectPgSimple from 'connect-pg-simple'
import type { Pool } from 'pg'
import type { Config } from '../config.ts'

/**
 * Sessions live in PostgreSQL so that any instance can serve any request. No session is made
 * until something needs one (saveUninitialized: false), so browsing the public pages sets no
 * cookie.
 */
export default function setUpSession(config: Config, pool: Pool): Router {
  const PgStore = connectPgSimple(session)
  const router = Router()
  router.use(
    session({
      name: config.isProduction ? '__Host-session' : 'session',
      secret: config.session.secret,
      store: new PgStore({
        pool,
        tableName: 'sessions',
        createTableIfMissing: false,
        pruneSessionInterval: config.env === 'test' ? false : 15 * 60,
      }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.isProduction,
        path: '/',
        maxAge: config.session.idleMinutes * 60 * 1000,
      },
    }),
  )
  return router
}
