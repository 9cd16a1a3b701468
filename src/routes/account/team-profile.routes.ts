import { Router, type Response } from 'express'
import { updateStaffTeamProfile } from '../../actions/team/update-staff-team-profile.ts'
import { BIO_MAX_LENGTH } from '../../domain/onboarding.ts'
import type { StaffUser } from '../../entities/index.ts'
import { parseProfile, type ProfileValues } from '../../forms/onboarding.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import type { Services } from '../../services/index.ts'

/**
 * A staff member's profile on the public team page (listed there while they are a board
 * member): changed by them from /account, or by an admin from the staff account's page
 * (routes/admin/users/team-profile.routes.ts, which shares this form).
 */
export function teamProfilePage(services: Services) {
  function valuesOf(user: StaffUser): ProfileValues {
    return { showOnTeam: user.showOnTeam ? 'yes' : 'no', organisation: user.teamOrganisation ?? '', bio: user.teamBio ?? '' }
  }

  function render(res: Response, user: StaffUser, own: boolean, values: ProfileValues, errors: Errors) {
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/staff/team-profile', {
      title: own ? 'Your board member profile on the team page' : `${user.name}’s board member profile on the team page`,
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
      const profile = { showOnTeam: values.showOnTeam === 'yes', bio: values.bio || null, organisation: values.organisation || null }
      await services.act(updateStaffTeamProfile, { userId: user.id, profile }, { type: 'staff', id: by.id })
    }
    return { values, errors }
  }

  return { valuesOf, render, save }
}

/** /account/team-profile: the signed-in staff member's own team page profile. */
export default function ownTeamProfileRoutes(services: Services): Router {
  const router = Router()
  const { valuesOf, render, save } = teamProfilePage(services)

  router.get('/team-profile', requireStaff(), (req, res) => render(res, req.user!, true, valuesOf(req.user!), {}))

  router.post('/team-profile', requireStaff(), async (req, res) => {
    const { values, errors } = await save(req.user!, req.body as Record<string, unknown>, req.user!)
    if (Object.keys(errors).length > 0) return render(res, req.user!, true, values, errors)
    req.session.flash = 'Your team page profile has been saved'
    res.redirect(303, '/account')
  })

  return router
}
