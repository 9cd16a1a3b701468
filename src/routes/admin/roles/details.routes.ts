import { Router } from 'express'
import { createRole } from '../../../actions/admin/roles/create-role.ts'
import { SlugTakenError } from '../../../actions/admin/roles/role-change.ts'
import { updateRoleDetails } from '../../../actions/admin/roles/update-role-details.ts'
import type { Role } from '../../../entities/index.ts'
import { closesOnError, NEW_ROLE_VALUES, parseRoleDetails, roleDetailsValues, type DatePart } from '../../../forms/role/details.ts'
import { ROLE_LIMITS } from '../../../forms/role/fields.ts'
import { parseVersion, type Errors } from '../../../forms/validation.ts'
import type { Services } from '../../../services/index.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

const SLUG_TAKEN_MESSAGE = 'Another role already uses this web address'

/** /admin/roles/new and /admin/roles/:id/details: a role's title, web address, summary, hours, places and closing date. */
export default function roleDetailsRoutes(services: Services): Router {
  const router = Router()
  const { load, saving, change } = rolePages(services)

  const detailsLocals = (values: object, errors: Errors, closesOnParts: DatePart[] = []) => ({
    values,
    errors,
    closesOnParts,
    closesOnMessage: closesOnError(errors),
    limits: ROLE_LIMITS,
  })

  router.get('/new', (_req, res) => {
    renderForm(res, 'details', null, { title: 'Create a role', slugEditable: true, ...detailsLocals(NEW_ROLE_VALUES, {}) })
  })

  router.post('/new', async (req, res) => {
    const parsed = parseRoleDetails(req.body as Record<string, unknown>, { slugEditable: true, today: todayInLondon() })
    const render = (errors: Errors) =>
      renderForm(res, 'details', null, { title: 'Create a role', slugEditable: true, ...detailsLocals(parsed.values, errors, parsed.closesOnParts) })
    if (!parsed.data) return render(parsed.errors)
    let role: Role
    try {
      role = await change(req, createRole, { ...parsed.data, slug: parsed.data.slug! })
    } catch (error) {
      if (error instanceof SlugTakenError) return render({ slug: SLUG_TAKEN_MESSAGE })
      throw error
    }
    req.session.flash = `${role.title} has been created as a draft. Add its responsibilities, criteria and questions, then open it.`
    res.redirect(303, roleUrl(role))
  })

  const detailsPage = (role: Role) => ({ title: `Change ${role.title}`, slugEditable: role.status === 'draft' })

  router.get('/:id/details', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderForm(res, 'details', role, { ...detailsPage(role), ...detailsLocals(roleDetailsValues(role), {}) })
  })

  router.post('/:id/details', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const parse = (current: Role) =>
      parseRoleDetails(body, { slugEditable: current.status === 'draft', currentSlug: current.slug, currentClosesOn: current.closesOn, today: todayInLondon() })
    const parsed = parse(role)
    const render = (current: Role, errors: Errors, status?: number) =>
      renderForm(res, 'details', current, { ...detailsPage(current), ...detailsLocals(parsed.values, errors, parsed.closesOnParts) }, status)
    if (!parsed.data) return render(role, parsed.errors)
    const data = parsed.data
    try {
      await saving(req, res, role, () => change(req, updateRoleDetails, { id: role.id, version: parseVersion(body), details: data }), (fresh) => render(fresh, { title: STALE_MESSAGE }, 409), {
        flash: 'The role’s details have been saved',
        redirect: roleUrl(role),
      })
    } catch (error) {
      if (error instanceof SlugTakenError) return render(role, { slug: SLUG_TAKEN_MESSAGE })
      throw error
    }
  })

  return router
}
