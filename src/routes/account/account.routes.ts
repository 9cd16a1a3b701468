import { Router } from 'express'
import { errorList } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import type { Services } from '../../services/index.ts'

/** /account: a staff member's own settings. */
export default function accountRoutes(services: Services): Router {
  const router = Router()

  // A board member's choice of how to hear about new applications.
  router.get('/', requireStaff(), async (req, res) => {
    res.render('pages/staff/account', {
      title: 'Your account',
      values: { newApplicationEmails: req.user!.newApplicationEmails },
      errors: {},
      secondFactor: await services.secondFactor.status(req.user!.id),
    })
  })

  router.post('/', requireStaff(), async (req, res) => {
    const choice = (req.body as Record<string, unknown>).newApplicationEmails
    if (choice !== 'immediate' && choice !== 'digest') {
      const errors = { newApplicationEmails: 'Select how you would like to hear about new applications' }
      return res.status(400).render('pages/staff/account', {
        title: 'Your account',
        values: {},
        errors,
        errorList: errorList(errors),
        secondFactor: await services.secondFactor.status(req.user!.id),
      })
    }
    await services.staff.setNewApplicationEmails(req.user!.id, choice)
    req.session.flash = 'Your email preference has been saved'
    res.redirect(303, '/account')
  })

  return router
}
