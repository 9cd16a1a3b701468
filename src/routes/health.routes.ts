import { Router } from 'express'
import type { Services } from '../services/index.ts'

/** Liveness (the process answers) and readiness (the database answers), as JSON. */
export default function healthRoutes(services: Services): Router {
  const router = Router()
  router.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' })
  })
  router.get('/ready', async (_req, res) => {
    // From the moment a stop begins: take no new traffic, while requests already here finish.
    if (services.lifecycle.stopping) {
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'stopping', checks: {} })
      return
    }
    const database = await services.health.isDatabaseReachable()
    res
      .status(database ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: database ? 'ok' : 'unavailable', checks: { database: database ? 'ok' : 'unreachable' } })
  })
  return router
}
