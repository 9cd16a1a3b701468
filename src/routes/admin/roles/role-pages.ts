import type { Request, Response } from 'express'
import type { RoleStatus } from '../../../domain/role-definition.ts'
import type { Role } from '../../../entities/index.ts'
import { errorList, type Errors } from '../../../forms/validation.ts'
import type { Action } from '../../../actions/tx.ts'
import { RoleNotFoundError, StaleRoleError } from '../../../actions/admin/roles/role-change.ts'
import { roleById } from '../../../queries/admin-roles.ts'
import type { Services } from '../../../services/index.ts'
import { staffActor } from '../staff-actor.ts'

/** What the pages about one role share: loading it, rendering a form, saving a change. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const STALE_MESSAGE =
  'Someone else changed this role while you had this page open, so your changes have not been saved. What you entered is below: check it, then save again.'

export const ROLE_STATUS_TAG_COLOURS: Record<RoleStatus, string> = { draft: 'white', open: 'green', closed: 'orange', archived: 'grey' }

export function roleUrl(role: Pick<Role, 'id'>, section = ''): string {
  return `/admin/roles/${role.id}${section ? `/${section}` : ''}`
}

export function hasErrors(errors: Errors): boolean {
  return Object.keys(errors).length > 0
}

/**
 * Renders a form page about a role. `values` are what the person typed (kept on errors);
 * the hidden version is always the role's current one, so after a stale edit saving again
 * is a deliberate choice made with the refusal in front of them.
 */
export function renderForm(res: Response, view: string, role: Role | null, locals: { title: string; values: object; errors: Errors; [key: string]: unknown }, status?: number) {
  res.status(status ?? (hasErrors(locals.errors) ? 400 : 200)).render(`pages/admin/roles/${view}`, {
    role,
    version: role?.version ?? null,
    errorList: errorList(locals.errors),
    backLink: role ? { href: roleUrl(role), text: `Back to ${role.title}` } : { href: '/admin/roles', text: 'Back to roles' },
    formAction: res.req.originalUrl.split('?')[0],
    ...locals,
  })
}

export function rolePages(services: Services) {
  /** The role in the URL; null (so a 404) when there is none, or when it is archived and `editable`. */
  async function load(req: Request, editable = true): Promise<Role | null> {
    const id = String(req.params.id)
    const role = UUID.test(id) ? await services.read(roleById, { id }) : null
    if (!role || (editable && role.status === 'archived')) return null
    return role
  }

  /** Runs a change; a stale version re-renders the form with what was typed and a 409. */
  async function saving(
    req: Request,
    res: Response,
    role: Role,
    work: () => Promise<Role>,
    onStale: (fresh: Role) => void,
    done: { flash: string; redirect: string },
  ): Promise<void> {
    try {
      await work()
    } catch (error) {
      if (error instanceof StaleRoleError) {
        const fresh = await services.read(roleById, { id: role.id })
        if (!fresh || fresh.status === 'archived') return void res.redirect(303, fresh ? roleUrl(fresh) : '/admin/roles')
        return onStale(fresh)
      }
      if (error instanceof RoleNotFoundError) return void res.redirect(303, roleUrl(role))
      throw error
    }
    req.session.flash = done.flash
    res.redirect(303, done.redirect)
  }

  /** Runs one of the actions in src/actions/admin/roles as the signed-in manager, then forgets the cached public roles. */
  async function change<Input>(req: Request, action: Action<Input, Role>, input: Input): Promise<Role> {
    const role = await services.act(action, input, staffActor(req))
    services.roles.changed()
    return role
  }

  return { load, saving, change }
}
