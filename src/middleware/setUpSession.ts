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
/** Pages with no form on them, which read nothing from a session unless someone is signed in. */
const SESSIONLESS_PAGES = /^\/(?:roles(?:\/[a-z0-9-]+)?|privacy|accessibility|cookies|team)?$/

export function sessionCookieName(config: Config): string {
  return config.isProduction ? '__Host-session' : 'session'
}

export default function setUpSession(config: Config, pool: Pool): Router {
  const PgStore = connectPgSimple(session)
  const router = Router()
  const name = sessionCookieName(config)
  const sessions = session({
    name,
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
  })
  // The public reading pages need no session: for a visitor without one, skip making (and
  // signing) a session that would never be stored.
  router.use((req, res, next) => {
    const reading = (req.method === 'GET' || req.method === 'HEAD') && SESSIONLESS_PAGES.test(req.path)
    if (reading && !req.headers.cookie?.includes(`${name}=`)) return next()
    sessions(req, res, next)
  })
  // express-session writes the response before its own save has finished, and a browser
  // follows a redirect as soon as it has the headers: the next page could read the session as it
  // was. So a redirect waits until a session with anything in it is stored.
  router.use((req, res, next) => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void
    res.redirect = ((...args: unknown[]) => {
      const session = req.session
      if (!session || Object.keys(session).every((key) => key === 'cookie')) return redirect(...args)
      session.save((error) => (error ? next(error) : redirect(...args)))
    }) as typeof res.redirect
    next()
  })
  return router
}
