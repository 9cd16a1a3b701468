import { Router, type Request, type Response } from 'express'
import { erasePersonalData } from '../../../actions/admin/data/erase-personal-data.ts'
import { exportPersonalData } from '../../../actions/admin/data/export-personal-data.ts'
import { isEmail, normaliseEmail, tidyLine } from '../../../domain/text.ts'
import { errorList, type Errors } from '../../../forms/validation.ts'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import { heldAbout } from '../../../queries/personal-data-export.ts'
import type { Services } from '../../../services/index.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import { staffActor } from '../staff-actor.ts'

/** The kinds of record (the export's summary keys) that an erasure erases or deletes, in the order the page lists them. */
const ERASED_KINDS = ['applications', 'applicationDrafts', 'interestRegistrations', 'boardNominations', 'boardElectorEntries', 'oneTimeLinks', 'emails', 'sessions']

/** The email address in a form's body, tidied, or the error to show for it. */
function emailFrom(req: Request, missing: string): { email: string; error?: string } {
  const email = tidyLine((req.body as Record<string, unknown>).email)
  if (!email) return { email, error: missing }
  if (!isEmail(email)) return { email, error: 'Enter an email address in the correct format, like name@example.com' }
  return { email }
}

/**
 * Personal data for admins: the subject access export (everything held about an email address, as
 * a JSON download), and erasing everything held about one after a page that says how much. The
 * address travels only in POST bodies: never in a URL, the session or a flash message.
 */
export default function adminDataRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('admin'))

  /** The page that asks for the address: the export's or the erasure's, with any error. */
  function renderAddressForm(res: Response, page: 'export' | 'erase', email: string, errors: Errors) {
    const pages = {
      export: { title: 'Export everything held about an email address', backLink: { href: '/staff', text: 'Back to staff home' } },
      erase: { title: 'Erase everything held about an email address', backLink: { href: '/admin/data', text: 'Back to exporting someone’s data' } },
    }
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render(`pages/admin/data/${page}`, { ...pages[page], values: { email }, errors, errorList: errorList(errors) })
  }
  const renderExportForm = (res: Response, email: string, errors: Errors) => renderAddressForm(res, 'export', email, errors)
  const renderEraseForm = (res: Response, email: string, errors: Errors) => renderAddressForm(res, 'erase', email, errors)

  router.get('/', (_req, res) => renderExportForm(res, '', {}))

  router.post('/', async (req, res) => {
    const { email, error } = emailFrom(req, 'Enter the email address to export data for')
    if (error) return renderExportForm(res, email, { email: error })
    const data = await services.act(exportPersonalData, { email: normaliseEmail(email) }, staffActor(req))
    // A download, not a page: the address stays out of the file name (and so out of download lists).
    res.set({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="personal-data-export-${todayInLondon()}.json"`,
      'Cache-Control': 'no-store',
    })
    res.send(JSON.stringify(data, null, 2))
  })

  const ERASE_MISSING = 'Enter the email address to erase everything held about'

  router.get('/erase', (_req, res) => renderEraseForm(res, '', {}))

  // Not a change yet: the page that says how much is held, and asks.
  router.post('/erase', async (req, res) => {
    const { email, error } = emailFrom(req, ERASE_MISSING)
    if (error) return renderEraseForm(res, email, { email: error })
    const held = await services.read(heldAbout, { address: normaliseEmail(email), now: new Date() })
    const anything = ERASED_KINDS.some((kind) => (held[kind] ?? 0) > 0)
    res.set('Cache-Control', 'no-store').render('pages/admin/data/erase-check', {
      title: anything ? 'Are you sure you want to erase everything held about this email address?' : 'Nothing is held about this email address',
      email: normaliseEmail(email),
      held,
      anything,
      backLink: { href: '/admin/data/erase', text: 'Back' },
    })
  })

  router.post('/erase/confirm', async (req, res) => {
    const { email, error } = emailFrom(req, ERASE_MISSING)
    if (error) return renderEraseForm(res, email, { email: error })
    await services.act(erasePersonalData, { email, adminSessionId: req.sessionID }, staffActor(req))
    req.session.flash = 'Everything held about the email address has been erased'
    res.redirect(303, '/admin/data/erase')
  })

  return router
}
