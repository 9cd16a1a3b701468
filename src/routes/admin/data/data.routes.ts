import { Router, type Response } from 'express'
import { exportPersonalData } from '../../../actions/admin/data/export-personal-data.ts'
import { isEmail, normaliseEmail, tidyLine } from '../../../domain/text.ts'
import { errorList, type Errors } from '../../../forms/validation.ts'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import type { Services } from '../../../services/index.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import { staffActor } from '../staff-actor.ts'

/** Personal data for admins: the subject access export (everything held about an email address, as a JSON download). */
export default function adminDataRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('admin'))

  function renderExportForm(res: Response, email: string, errors: Errors) {
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/admin/data/export', {
      title: 'Export everything held about an email address',
      values: { email },
      errors,
      errorList: errorList(errors),
      backLink: { href: '/staff', text: 'Back to staff home' },
    })
  }

  router.get('/', (_req, res) => renderExportForm(res, '', {}))

  router.post('/', async (req, res) => {
    const email = tidyLine((req.body as Record<string, unknown>).email)
    if (!email) return renderExportForm(res, email, { email: 'Enter the email address to export data for' })
    if (!isEmail(email)) return renderExportForm(res, email, { email: 'Enter an email address in the correct format, like name@example.com' })
    const data = await services.act(exportPersonalData, { email: normaliseEmail(email) }, staffActor(req))
    // A download, not a page: the address stays out of the file name (and so out of download lists).
    res.set({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="personal-data-export-${todayInLondon()}.json"`,
      'Cache-Control': 'no-store',
    })
    res.send(JSON.stringify(data, null, 2))
  })

  return router
}
