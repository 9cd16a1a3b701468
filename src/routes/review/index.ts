import { Router } from 'express'
import type { Services } from '../../services/index.ts'
import reviewApplicationRoutes from './application.routes.ts'
import availabilityRoutes from './availability.routes.ts'
import conversationRoutes from './conversation.routes.ts'
import decisionRoutes from './decision.routes.ts'
import queueRoutes from './queue.routes.ts'

/**
 * /review: the board's queue and CSV export (queue.routes.ts), one application with its score
 * sheet and conflicts of interest (application.routes.ts), and a community manager's decision on
 * it (decision.routes.ts), and the conversation with the applicant (conversation.routes.ts). Each page says who may see it.
 */
export default function reviewArea(services: Services): Router {
  const router = Router()
  router.use(queueRoutes(services))
  router.use(decisionRoutes(services))
  router.use(conversationRoutes(services))
  router.use(availabilityRoutes(services))
  router.use(reviewApplicationRoutes(services))
  return router
}
