import { Router, type Response } from 'express'
import { saveSettings } from '../../../actions/admin/settings/save-settings.ts'
import { parseSettings, SETTINGS_LIMITS, settingsFormValues, type SettingsFormValues } from '../../../forms/settings.ts'
import { errorList, type Errors } from '../../../forms/validation.ts'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import type { Services } from '../../../services/index.ts'
import { staffActor } from '../staff-actor.ts'

/** The service's settings, for admins: one form, saved as a whole, audited field by field. */
export default function adminSettingsRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('admin'))

  function render(res: Response, values: SettingsFormValues, errors: Errors) {
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/admin/settings', {
      title: 'Settings',
      values,
      errors,
      errorList: errorList(errors),
      limits: SETTINGS_LIMITS,
      backLink: { href: '/staff', text: 'Back to staff home' },
    })
  }

  router.get('/', async (_req, res) => {
    render(res, settingsFormValues(await services.settings.get()), {})
  })

  router.post('/', async (req, res) => {
    const { values, errors, settings } = parseSettings(req.body as Record<string, unknown>)
    if (!settings) return render(res, values, errors)
    const changed = await services.act(saveSettings, settings, staffActor(req))
    services.settings.changed()
    req.session.flash = changed.length > 0 ? 'Settings saved' : 'Nothing was changed'
    res.redirect(303, '/admin/settings')
  })

  return router
}
