import { Router, type Response } from 'express'
import { changeStaffUser } from '../../../actions/admin/users/change-staff-user.ts'
import { deactivateStaffUser } from '../../../actions/admin/users/deactivate-staff-user.ts'
import { inviteStaffUser } from '../../../actions/admin/users/invite-staff-user.ts'
import { STAFF_ROLE_LABELS, STAFF_ROLES } from '../../../domain/staff-roles.ts'
import { parseStaffUser, type StaffUserValues } from '../../../forms/staff-user.ts'
import { errorList, type Errors } from '../../../forms/validation.ts'
import { staffAccounts } from '../../../queries/staff-accounts.ts'
import type { Services } from '../../../services/index.ts'
import { EmailTakenError } from '../../../services/staff.service.ts'
import { staffActor } from '../staff-actor.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Staff accounts, for admins (the area lets in admins only): invite, change roles and board terms, deactivate. */
export default function adminUserRoutes(services: Services): Router {
  const router = Router()

  const roleItems = (values: Partial<StaffUserValues>) =>
    STAFF_ROLES.map((role) => ({ value: role, text: STAFF_ROLE_LABELS[role], checked: (values.roles ?? []).includes(role) }))

  function renderForm(res: Response, view: 'invite' | 'edit', values: Partial<StaffUserValues>, errors: Errors, extra: Record<string, unknown> = {}) {
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render(`pages/admin/user-${view}`, {
      title: view === 'invite' ? 'Invite a staff member' : `Change ${values.name ?? 'staff member'}`,
      values,
      errors,
      errorList: errorList(errors),
      roleItems: roleItems(values),
      backLink: { href: '/admin/users', text: 'Back to staff accounts' },
      ...extra,
    })
  }

  router.get('/', async (_req, res) => {
    res.render('pages/admin/users', { title: 'Staff accounts', users: await services.read(staffAccounts, {}), roleLabels: STAFF_ROLE_LABELS })
  })

  router.get('/invite', (_req, res) => renderForm(res, 'invite', {}, {}))

  router.post('/invite', async (req, res) => {
    const { values, errors } = parseStaffUser(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return renderForm(res, 'invite', values, errors)
    try {
      await services.act(
        inviteStaffUser,
        { ...values, boardTermStartsOn: values.boardTermStartsOn || null, boardTermEndsOn: values.boardTermEndsOn || null },
        staffActor(req),
      )
    } catch (error) {
      if (error instanceof EmailTakenError) return renderForm(res, 'invite', values, { email: 'A staff account already uses this email address' })
      throw error
    }
    req.session.flash = `${values.name} has been invited. They have been emailed a link to create their password.`
    res.redirect(303, '/admin/users')
  })

  router.get('/:id', async (req, res, next) => {
    const user = UUID.test(req.params.id) ? await services.staff.findById(req.params.id) : null
    if (!user) return next()
    const secondFactor = await services.secondFactor.status(user.id)
    renderForm(res, 'edit', { ...user, boardTermStartsOn: user.boardTermStartsOn ?? '', boardTermEndsOn: user.boardTermEndsOn ?? '' }, {}, { user, secondFactor })
  })

  router.post('/:id', async (req, res, next) => {
    const user = UUID.test(req.params.id) ? await services.staff.findById(req.params.id) : null
    if (!user) return next()
    const { values, errors } = parseStaffUser(req.body as Record<string, unknown>, false)
    if (Object.keys(errors).length > 0) return renderForm(res, 'edit', { ...values, email: user.email }, errors, { user })
    await services.act(
      changeStaffUser,
      { id: user.id, name: values.name, roles: values.roles, boardTermStartsOn: values.boardTermStartsOn || null, boardTermEndsOn: values.boardTermEndsOn || null },
      staffActor(req),
    )
    req.session.flash = `${values.name}'s account has been changed`
    res.redirect(303, '/admin/users')
  })

  router.get('/:id/deactivate', async (req, res, next) => {
    const user = UUID.test(req.params.id) ? await services.staff.findById(req.params.id) : null
    if (!user || !user.active || user.id === req.user!.id) return next()
    res.render('pages/admin/user-deactivate', { title: `Deactivate ${user.name}`, user, backLink: { href: `/admin/users/${user.id}`, text: 'Back' } })
  })

  router.post('/:id/deactivate', async (req, res, next) => {
    const user = UUID.test(req.params.id) ? await services.staff.findById(req.params.id) : null
    if (!user || !user.active || user.id === req.user!.id) return next()
    await services.act(deactivateStaffUser, { id: user.id }, staffActor(req))
    req.session.flash = `${user.name}'s account has been deactivated and they have been signed out`
    res.redirect(303, '/admin/users')
  })

  return router
}
