import type { Request, Response } from 'express'

/**
 * Redirects once the session is stored. express-session sends the headers before its own save
 * finishes, and a browser follows a 303 as soon as it has them: the next page could read the
 * session as it was before this request changed it (and save that back over the change).
 */
export async function redirectAfterSavingSession(req: Request, res: Response, url: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())))
  res.redirect(303, url)
}
