import { Router } from 'express'
import { teamMembers } from '../../queries/team-members.ts'
import type { Services } from '../../services/index.ts'
import type { PageCache } from '../../views/page-cache.ts'

/** The public team page: active executives and board members who chose to be listed. */
export default function teamRoutes(services: Services, pages: PageCache): Router {
  const router = Router()

  router.get('/team', async (_req, res) => {
    const { executives, board } = await services.read(teamMembers, {})
    await pages.render(res, 'pages/team', { title: 'The team', executives, board })
  })

  return router
}
