// The application being filled in on this browser: found by the key in its draft cookie, and
// kept in its draft row as each page is sent (actions/apply/keep-answers.ts). Nothing of it is in
// the session, so a session that ends loses none of it.
import type { Request, RequestHandler, Response } from 'express'
import type { ApplyAnswers } from '../../domain/application-answers.ts'
import { mergeAnswers, type ApplicationForm, type FormProgress } from '../../domain/application-draft.ts'
import { keepAnswers } from '../../actions/apply/keep-answers.ts'
import type { Config } from '../../config.ts'
import { cookieValue } from '../../middleware/setUpCsrf.ts'
import { sessionCookieOptions } from '../../middleware/setUpSession.ts'
import { applicationDraft } from '../../queries/application-draft.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'

export function draftCookieName(config: Config): string {
  return config.https ? '__Host-draft' : 'draft'
}

/** The draft cookie's key, as the browser sent it. */
export function draftKey(req: Request, config: Config): string | undefined {
  return cookieValue(req, draftCookieName(config))
}

/**
 * HttpOnly, SameSite=Lax, Secure and __Host- over https, like the session's; it lasts exactly as
 * long as the draft, so on a shared computer it never outlives the answers it finds.
 */
export function setDraftCookie(res: Response, config: Config, key: string, expiresAt: Date): void {
  res.cookie(draftCookieName(config), key, { ...sessionCookieOptions(config), maxAge: Math.max(0, expiresAt.getTime() - Date.now()) })
}

export function clearDraftCookie(res: Response, config: Config): void {
  res.clearCookie(draftCookieName(config), sessionCookieOptions(config))
}

const forms = new WeakMap<Request, ApplicationForm>()

/** Reads this browser's application, if it has one, for formOf() in the routes after it. */
export function loadApplicationForm(services: Services): RequestHandler {
  return async (req, _res, next) => {
    const form = await services.read(applicationDraft, { key: draftKey(req, services.config) })
    if (form) forms.set(req, form)
    next()
  }
}

/** This browser's application, or null when it has none (or it expired, or was deleted or sent). */
export function formOf(req: Request): ApplicationForm | null {
  return forms.get(req) ?? null
}

/** The answers the form shows: those filled in for the applicant and not yet kept, or the draft's. */
export function answersOf(req: Request): ApplyAnswers {
  return req.session.prefilled ?? formOf(req)?.answers ?? {}
}

/** How far this browser's application has got, for where it carries on (form-pages.ts continueUrl). */
export function progressOf(req: Request): FormProgress {
  return { answers: answersOf(req), pagesDone: formOf(req)?.pagesDone ?? [] }
}

/** Whether this browser has an application under way, kept or only filled in for them. */
export function hasApplication(req: Request): boolean {
  return formOf(req) !== null || req.session.prefilled !== undefined
}

/**
 * Keeps a page's answers in this browser's draft, with any filled in for the applicant (making
 * the draft and its cookie on the first page), and returns the application as it is now.
 * `pageDone`: the page they were sent from.
 */
export async function keepInDraft(services: Services, req: Request, res: Response, values: Partial<ApplyAnswers>, pageDone?: string): Promise<ApplicationForm> {
  const kept = mergeAnswers(req.session.prefilled ?? {}, values)
  const { key, form } = await services.act(keepAnswers, { key: draftKey(req, services.config), values: kept, pageDone }, APPLICANT)
  setDraftCookie(res, services.config, key, form.expiresAt)
  delete req.session.prefilled
  forms.set(req, form)
  return form
}
