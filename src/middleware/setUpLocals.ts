import { Router } from 'express'
import type { Services } from '../services/index.ts'

/** Values every page needs: the community's name, contact and links, the current path, the asset versions. */
export default function setUpLocals(services: Services, assets: { nhsukFrontend: string; app: string }): Router {
  const router = Router()
  router.use(async (req, res, next) => {
    const settings = await services.settings.get()
    // Read once per request: later middleware (setUpAuthentication) uses this copy.
    res.locals.settings = settings
    res.locals.communityName = settings.communityName
    res.locals.contactEmail = settings.contactEmail
    // Each null while not set: a page leaves out what needs it.
    res.locals.websiteUrl = settings.websiteUrl
    res.locals.slackInviteUrl = settings.slackInviteUrl
    res.locals.codeOfConductUrl = settings.codeOfConductUrl
    // The footer links to the recruitment summary once an admin publishes it.
    res.locals.recruitmentSummaryPublished = settings.publishRecruitmentSummary
    res.locals.currentPath = req.path
    res.locals.assetVersions = assets
    res.locals.errors = {}
    res.locals.values = {}
    // A one-off message from the previous request (post/redirect/get), shown once.
    if (req.session?.flash) {
      res.locals.flash = req.session.flash
      delete req.session.flash
    }
    next()
  })
  return router
}
