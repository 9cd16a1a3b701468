import { Router, type Response } from 'express'
import { parseVersion } from '../../../forms/validation.ts'
import { ROLE_STATUS_LABELS } from '../../../domain/role-definition.ts'
import type { Role } from '../../../entities/index.ts'
import type { Services } from '../../../services/index.ts'
import { ROLE_MACHINE } from '../../../domain/role-status.ts'
import { allows, IllegalTransitionError } from '../../../domain/status-machine.ts'
import {
  changeRoleStatus,
  openingProblems,
  ROLE_ACTIONS,
  RoleNotReadyError,
  type OpeningProblem,
  type RoleAction,
} from '../../../actions/admin/roles/change-role-status.ts'
import { StaleRoleError } from '../../../actions/admin/roles/role-change.ts'
import { roleById } from '../../../queries/admin-roles.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import { roleUrl, rolePages } from './role-pages.ts'

const ACTION_PAGES: Record<RoleAction, { heading: (title: string) => string; button: string; done: string }> = {
  open: { heading: (title) => `Open ${title} for applications?`, button: 'Open role', done: 'is open for applications' },
  close: { heading: (title) => `Close ${title}?`, button: 'Close role', done: 'is closed: it no longer takes applications' },
  archive: { heading: (title) => `Archive ${title}?`, button: 'Archive role', done: 'has been archived' },
}

/** /admin/roles/:id/open, /close and /archive: each asks first, and opening lists what is missing. */
export default function roleStatusRoutes(services: Services): Router {
  const router = Router()
  const { load, change } = rolePages(services)

  for (const action of Object.keys(ROLE_ACTIONS) as RoleAction[]) {
    const page = ACTION_PAGES[action]
    const render = (res: Response, role: Role, options: { problems?: OpeningProblem[]; problem?: string | null; status?: number } = {}) => {
      const problems = options.problems ?? (action === 'open' ? openingProblems(role, todayInLondon()) : [])
      const errorItems = options.status && options.status >= 400 ? problems.map((p) => ({ text: p.text, href: roleUrl(role, p.section) })) : []
      res.status(options.status ?? 200).render('pages/admin/roles/status', {
        title: page.heading(role.title),
        role,
        version: role.version,
        action,
        canAct: allows(ROLE_MACHINE, role.status, action),
        heading: page.heading(role.title),
        button: page.button,
        problems,
        problem: options.problem ?? null,
        errorItems,
        errors: options.problem || errorItems.length > 0 ? { problem: options.problem ?? 'not ready' } : {},
        formAction: roleUrl(role, action),
        backLink: { href: roleUrl(role), text: `Back to ${role.title}` },
      })
    }

    router.get(`/:id/${action}`, async (req, res, next) => {
      const role = await load(req, false)
      if (!role || !allows(ROLE_MACHINE, role.status, action)) return next()
      render(res, role)
    })

    router.post(`/:id/${action}`, async (req, res, next) => {
      const role = await load(req, false)
      if (!role) return next()
      const body = req.body as Record<string, unknown>
      try {
        await change(req, changeRoleStatus, { id: role.id, version: parseVersion(body), action })
      } catch (error) {
        const fresh = (await services.read(roleById, { id: role.id })) ?? role
        if (error instanceof RoleNotReadyError) return render(res, fresh, { problems: error.problems, status: 400 })
        if (error instanceof StaleRoleError || error instanceof IllegalTransitionError) {
          const problem = allows(ROLE_MACHINE, fresh.status, action)
            ? 'Someone else changed this role while you had this page open, so nothing was changed. Check the role, then try again.'
            : `Someone else changed this role while you had this page open, so nothing was changed. It is now ${ROLE_STATUS_LABELS[fresh.status].toLowerCase()}.`
          return render(res, fresh, { problem, status: 409 })
        }
        throw error
      }
      req.session.flash = `${role.title} ${page.done}`
      res.redirect(303, roleUrl(role))
    })
  }

  return router
}
