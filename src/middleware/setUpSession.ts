import { Router, type Request } from 'express'
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

/**
 * Over https the cookie is Secure with the __Host- prefix (only this host, path /, never sent in
 * clear). Over plain http no browser would keep a Secure cookie, so there it is neither: that is
 * for a laptop or a first try with Compose, and start-up says so in the log.
 */
export function sessionCookieName(config: Config): string {
  return config.https ? '__Host-session' : 'session'
}

/** Whether the request carries a session cookie (signed in, or holding anything of its own). */
export function hasSessionCookie(req: Pick<Request, 'headers'>, config: Config): boolean {
  return req.headers.cookie?.includes(`${sessionCookieName(config)}=`) ?? false
}

/** The attributes the session cookie is set with, for clearing it the same way. */
export function sessionCookieOptions(config: Config): { path: '/'; httpOnly: true; sameSite: 'lax'; secure: boolean } {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: config.https }
}

type TouchCallback = (error?: unknown) => void

/**
 * A session store that writes a signed-in person's new expiry at most once in `every` ms per
 * session, rather than on every request (an UPDATE and a commit each time). The expiry it writes
 * is `every` later than the cookie's, so that the session never ends before the idle time the
 * pages count down from: a request that skipped its write was within `every` of one that wrote.
 * A session that is changed (set) writes as always, and the request after it writes its expiry.
 */
function throttledTouchStore(Store: ReturnType<typeof connectPgSimple>, every: number) {
  return class ThrottledTouchStore extends Store {
    readonly #touched = new Map<string, number>()

    override touch(sid: string, sess: session.SessionData, callback?: TouchCallback): void {
      const now = Date.now()
      const last = this.#touched.get(sid)
      if (last !== undefined && now - last < every) return callback?.()
      if (this.#touched.size > 10_000) {
        for (const [id, at] of this.#touched) if (now - at >= every) this.#touched.delete(id)
      }
      this.#touched.set(sid, now)
      const expires = new Date(sess.cookie.expires ?? now + (sess.cookie.maxAge ?? 0)).getTime() + every
      super.touch(sid, { ...sess, cookie: { ...sess.cookie, expires: new Date(expires) } } as session.SessionData, callback)
    }

    override set(sid: string, sess: session.SessionData, callback?: TouchCallback): void {
      this.#touched.delete(sid)
      super.set(sid, sess, callback)
    }

    override destroy(sid: string, callback?: TouchCallback): void {
      this.#touched.delete(sid)
      super.destroy(sid, callback)
    }
  }
}

export default function setUpSession(config: Config, pool: Pool): Router {
  // A minute for the usual 30-minute idle time; less for a shorter one.
  const touchEvery = Math.min(60_000, (config.session.idleMinutes * 60_000) / 30)
  const PgStore = throttledTouchStore(connectPgSimple(session), touchEvery)
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
      ...sessionCookieOptions(config),
      maxAge: config.session.idleMinutes * 60 * 1000,
    },
  })
  // express-session silently drops a Secure cookie on a request that did not come over https,
  // which is what a TLS proxy in front looks like when TRUST_PROXY is not set: say why, once.
  let warnedAboutProxy = false
  router.use((req, _res, next) => {
    if (config.https && !req.secure && !warnedAboutProxy) {
      warnedAboutProxy = true
      req.log?.warn(
        'BASE_URL is https but this request reached the app over http, so no session cookie can be set. ' +
          'Behind a proxy that ends TLS, set TRUST_PROXY (e.g. 1) so that its X-Forwarded-Proto is believed.',
      )
    }
    next()
  })
  // The public reading pages need no session: for a visitor without one, skip making (and
  // signing) a session that would never be stored.
  router.use((req, res, next) => {
    const reading = (req.method === 'GET' || req.method === 'HEAD') && SESSIONLESS_PAGES.test(req.path)
    if (reading && !hasSessionCookie(req, config)) return next()
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
