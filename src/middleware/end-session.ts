import type { Request, Response } from 'express'
import type { Config } from '../config.ts'
import { csrfCookieName } from './setUpCsrf.ts'
import { sessionCookieName, sessionCookieOptions } from './setUpSession.ts'

/**
 * Tells the browser to forget the session and CSRF cookies. A cookie is only cleared by a
 * Set-Cookie with the same name, path and (for __Host-) Secure it was set with, so both are
 * cleared with the attributes they were set with.
 */
export function clearSessionCookies(res: Response, config: Config): void {
  res.clearCookie(sessionCookieName(config), sessionCookieOptions(config))
  res.clearCookie(csrfCookieName(config), sessionCookieOptions(config))
}

/** Signs out: ends the session in the store and clears its cookies. */
export async function endSession(req: Request, res: Response, config: Config): Promise<void> {
  if (req.session) await new Promise<void>((resolve, reject) => req.session.destroy((error: unknown) => (error ? reject(error) : resolve())))
  clearSessionCookies(res, config)
}
