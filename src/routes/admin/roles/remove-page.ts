import { Router, type Request, type Response } from 'express'
import { parseVersion } from '../../../forms/validation.ts'
import type { Role } from '../../../entities/index.ts'
import type { Services } from '../../../services/index.ts'
import { rolePages, roleUrl } from './role-pages.ts'

/** Something on a role that can be removed, found from the item in the remove page's address. */
export interface Removable {
  /** The role page that lists it, e.g. 'questions': the remove page is /admin/roles/:id/questions/:param/remove. */
  section: string
  find(role: Role, param: string): { name: string; what: string; remove: (req: Request, version: number) => Promise<Role> } | null
}

/** The item in a remove page's address (the path is built from a variable, so Express cannot type it). */
export function paramOf(req: Request): string {
  return String((req.params as Record<string, string | undefined>).param)
}

/** Removing a question, link or checklist item: a page that asks first, and the POST that removes it. */
export function removePage(services: Services, removable: Removable): Router {
  const router = Router()
  const { load, saving } = rolePages(services)
  const path = `/:id/${removable.section}/:param/remove`

  const render = (res: Response, role: Role, target: { name: string; what: string }, problem: string | null = null, status = 200) =>
    res.status(status).render('pages/admin/roles/remove', {
      title: `Remove a ${target.what}: ${role.title}`,
      role,
      version: role.version,
      target,
      problem,
      errors: problem ? { problem } : {},
      formAction: res.req.originalUrl.split('?')[0],
      cancelHref: roleUrl(role, removable.section),
      pastApplicationsNote: target.what === 'question',
      backLink: { href: roleUrl(role, removable.section), text: 'Back' },
    })

  router.get(path, async (req, res, next) => {
    const role = await load(req)
    const target = role && removable.find(role, paramOf(req))
    if (!role || !target) return next()
    render(res, role, target)
  })

  router.post(path, async (req, res, next) => {
    const role = await load(req)
    const target = role && removable.find(role, paramOf(req))
    if (!role || !target) return next()
    const body = req.body as Record<string, unknown>
    await saving(
      req,
      res,
      role,
      () => target.remove(req, parseVersion(body)),
      (fresh) => {
        const again = removable.find(fresh, paramOf(req))
        if (!again) return void res.redirect(303, roleUrl(fresh, removable.section))
        render(res, fresh, again, 'Someone else changed this role while you had this page open, so nothing was removed. Check that this is still the one to remove.', 409)
      },
      { flash: `‘${target.name}’ has been removed`, redirect: roleUrl(role, removable.section) },
    )
  })

  return router
}
