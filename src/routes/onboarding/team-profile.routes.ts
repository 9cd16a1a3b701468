import { Router, type Response } from 'express'
import { BIO_MAX_LENGTH } from '../../domain/onboarding.ts'
import type { StaffUser } from '../../entities/index.ts'
import { parseProfile, type ProfileValues } from '../../forms/onboarding.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import type { Services } from '../../services/index.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A staff member's profile on the public team page (listed there while they are a board
 * member): changed by them from /account, or by an admin from the staff account's page.
 */
export default function teamProfileRoutes(services: Services): Router {
  const router = Router()

  function valuesOf(user: StaffUser): ProfileValues {
    return { showOnTeam: user.showOnTeam ? 'yes' : 'no', organisation: user.teamOrganisation ?? '', bio: user.teamBio ?? '' }
  }

  function render(res: Response, user: StaffUser, own: boolean, values: ProfileValues, errors: Errors) {
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/staff/team-profile', {
      title: own ? 'Your team page profile' : `${user.name}’s team page profile`,
      user,
      own,
      values,
      errors,
      errorList: errorList(errors),
      bioLimit: BIO_MAX_LENGTH,
      formAction: own ? '/account/team-profile' : `/admin/users/${user.id}/team-profile`,
      backLink: own ? { href: '/account', text: 'Back to your account' } : { href: `/admin/users/${user.id}`, text: `Back to ${user.name}` },
    })
  }

  async function save(user: StaffUser, body: Record<string, unknown>, by: StaffUser): Promise<{ values: ProfileValues; errors: Errors }> {
    const { values, errors } = parseProfile(body)
    if (Object.keys(errors).length === 0) {
      await services.team.updateStaffProfile(user.id, { showOnTeam: values.showOnTeam === 'yes', bio: values.bio || null, organisation: values.organisation || null }, by)
    }
    return { values, errors }
  }

  router.get('/account/team-profile', requireStaff(), (req, res) => render(res, req.user!, true, valuesOf(req.user!), {}))

  router.post('/account/team-profile', requireStaff(), async (req, res) => {
    const { values, errors } = await save(req.user!, req.body as Record<string, unknown>, req.user!)
    if (Object.keys(errors).length > 0) return render(res, req.user!, true, values, errors)
    req.session.flash = 'Your team page profile has been saved'
    res.redirect(303, '/account')
  })

  router.get('/admin/users/:id/team-profile', requireStaff('admin'), async (req, res, next) => {
    const id = String(req.params.id)
    const user = UUID.test(id) ? await services.staff.findById(id) : null
    if (!user) return next()
    render(res, user, false, valuesOf(user), {})
  })

  router.post('/admin/users/:id/team-profile', requireStaff('admin'), async (req, res, next) => {
    const id = String(req.params.id)
    const user = UUID.test(id) ? await services.staff.findById(id) : null
    if (!user) return next()
    const { values, errors } = await save(user, req.body as Record<string, unknown>, req.user!)
    if (Object.keys(errors).length > 0) return render(res, user, false, values, errors)
    req.session.flash = `${user.name}’s team page profile has been saved`
    res.redirect(303, `/admin/users/${user.id}`)
  })

  return router
}
