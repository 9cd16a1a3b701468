import { Router } from 'express'
import { recruitmentSummary } from '../../queries/recruitment-summary.ts'
import type { Services } from '../../services/index.ts'
import type { PageCache } from '../../views/page-cache.ts'

/**
 * /about/recruitment: for each finished recruitment round, how many applied, how many places were
 * filled, and the share of applicants early in their career or employed by the NHS. Published only
 * when an admin turns it on in /admin/settings; otherwise there is no such page.
 */
export default function recruitmentSummaryRoutes(services: Services, pages: PageCache): Router {
  const router = Router()

  router.get('/about/recruitment', async (_req, res, next) => {
    if (!(await services.settings.get()).publishRecruitmentSummary) return next()
    await pages.render(res, 'pages/public/recruitment-summary', { rounds: await services.read(recruitmentSummary, undefined) })
  })

  return router
}
