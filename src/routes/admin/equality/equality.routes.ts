import { Router } from 'express'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import { equalityReport } from '../../../queries/equality-report.ts'
import type { Services } from '../../../services/index.ts'

/** The equality monitoring report for admins: aggregate counts only, by year. */
export default function adminEqualityRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('admin'))

  router.get('/', async (req, res) => {
    const typed = typeof req.query.year === 'string' && /^\d{4}$/.test(req.query.year) ? Number(req.query.year) : null
    const report = await services.read(equalityReport, { year: typed })
    res.render('pages/admin/equality', {
      title: report.year === null ? 'Equality monitoring' : `Equality monitoring: ${report.year}`,
      report,
      backLink: { href: '/staff', text: 'Back to staff home' },
    })
  })

  return router
}
