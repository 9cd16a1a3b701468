import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express'
import type { Config } from '../config.ts'
import { withoutValues } from '../logger.ts'
import { AppError } from '../domain/errors.ts'
import { rolesInWords } from '../domain/staff-navigation.ts'
import type { StaffRole } from '../domain/staff-roles.ts'
import { activeAdmins, type AdminContact } from '../queries/admins.ts'
import type { QueryRunner } from '../queries/query.ts'

export class HttpError extends AppError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** A signed-in staff member without any of the roles a page needs. */
export class RoleRequiredError extends HttpError {
  constructor(readonly roles: readonly StaffRole[]) {
    super(403, 'Your account does not give you access to this page.')
  }
}

/**
 * What the 403 page for a missing role shows: which role the page needs and who can give it (the
 * admins, by name: the reader is signed-in staff), or, for an admin, where to give it themselves.
 */
async function roleRequiredPage(error: RoleRequiredError, req: Request, read: QueryRunner): Promise<Record<string, unknown>> {
  const user = req.user!
  let admins: AdminContact[] = []
  try {
    admins = (await read(activeAdmins, {})).filter((admin) => admin.id !== user.id)
  } catch (readError) {
    // The page still says which role is needed; only the names are missing.
    req.log?.error({ err: readError }, 'could not read the admins for the access page')
  }
  return {
    title: 'You do not have access to this page',
    roleNeeded: rolesInWords(error.roles),
    isAdmin: user.roles.includes('admin'),
    ownAccountHref: `/admin/users/${user.id}`,
    admins,
  }
}

/** Renders an error page; if even that fails, a line of plain text. */
function sendPage(req: Request, res: Response, view: string, locals: Record<string, unknown>): void {
  res.render(view, locals, (renderError: Error | null, html?: string) => {
    if (renderError) {
      req.log?.error({ err: renderError }, 'could not render the error page')
      res.type('text/plain').send('Sorry, there is a problem with the service. Try again later.')
      return
    }
    res.send(html)
  })
}

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).render('pages/errors/not-found', { title: 'Page not found' })
}

/**
 * What the page says of a refusal: our own errors say what went wrong; a form too long to read
 * (express.urlencoded's limits: 100 KB, 500 fields) says how to get back to what was typed; any
 * other library's message (e.g. "request entity too large") is not for the reader.
 */
function refusalMessage(error: unknown, status: number): string | null {
  if (error instanceof AppError) return error.message
  if (status === 413) {
    return 'What you sent was too long for us to read. Use your browser’s back button to return to what you typed, shorten it, and send it again.'
  }
  return null
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}

/** The one place errors end up. Logs with the request id, without personal data; never shows a stack in production. */
export function errorHandler(config: Config, read: QueryRunner): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = statusOf(error)
    if (res.headersSent) {
      req.log?.error({ err: error }, 'error after the response started')
      res.end()
      return
    }
    if (error instanceof RoleRequiredError && req.user) {
      req.log?.warn({ status, rolesNeeded: error.roles }, 'request refused: a role is missing')
      res.status(403)
      void roleRequiredPage(error, req, read).then((locals) => sendPage(req, res, 'pages/errors/role-required', locals))
      return
    }
    if (status === 404) {
      notFound(req, res, () => {})
      return
    }
    if (status === 403 && (error as { code?: string }).code === 'EBADCSRFTOKEN') {
      req.log?.warn('refused a request without a valid CSRF token')
      res.status(403).render('pages/errors/form-expired', { title: 'This form has expired' })
      return
    }
    // The logger's error serializer keeps an error's class, code, stack and cleaned message, and
    // drops the rest (a failed query's parameters, Postgres's detail). A refusal's message can
    // quote what was sent (a body that is not valid JSON), so it is cleaned the same way.
    if (status >= 500) req.log?.error({ err: error }, 'request failed')
    else req.log?.warn({ status, message: withoutValues(String((error as Error)?.message ?? error)) }, 'request refused')
    res.status(status)
    const showDetail = !config.isProduction
    const view = status >= 500 ? 'pages/errors/problem' : 'pages/errors/client-error'
    sendPage(req, res, view, {
      title: status >= 500 ? 'Sorry, there is a problem with the service' : 'Sorry, we could not do that',
      status,
      requestId: String(req.id ?? ''),
      detail: showDetail ? String((error as Error)?.stack ?? error) : null,
      message: status < 500 ? refusalMessage(error, status) : null,
    })
  }
}
