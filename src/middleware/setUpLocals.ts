import { Router } from 'express'
import type { Services } from '../services/index.ts'

/** Values every page needs: the community's name, the current path, the asset versions. */
export default function setUpLocals(services: Services, assets: { nhsukFrontend: string; app: string }): Router {
  const router = Router()
  router.use(async (req, res, next) => {
    const settings = await services.settings.get()
    res.locals.communityName = settings.communityName
    res.locals.contactEmail = settings.contactEmail
    res.locals.currentPath = req.path
    res.locals.assetVersions = assets
    res.locals.errors = {}
    res.locals.values = {}
    next()
  })
  return router
}
