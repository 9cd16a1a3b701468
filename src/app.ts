import ejs from 'ejs'
import express from 'express'
import { errorHandler, notFound } from './middleware/errorHandler.ts'
import setUpAuthentication from './middleware/setUpAuthentication.ts'
import setUpCsrf from './middleware/setUpCsrf.ts'
import setUpLocals from './middleware/setUpLocals.ts'
import setUpRequestLogging from './middleware/setUpRequestLogging.ts'
import setUpSecurityHeaders from './middleware/setUpSecurityHeaders.ts'
import setUpSession, { hasSessionCookie } from './middleware/setUpSession.ts'
import setUpUploads from './middleware/setUpUploads.ts'
import setUpStaticAssets, { ASSET_VERSION, NHSUK_FRONTEND_VERSION } from './middleware/setUpStaticAssets.ts'
import { viewsDir } from './paths.ts'
import healthRoutes from './routes/health.routes.ts'
import routes from './routes/index.ts'
import { expiredApplicationForm } from './routes/apply/expired-form.ts'
import type { Services } from './services/index.ts'
import { viewHelpers } from './views/helpers.ts'
import { PageCache } from './views/page-cache.ts'

/** The middleware order is the app's table of contents; keep it readable. */
export function createApp(services: Services): express.Express {
  const { config } = services
  const app = express()

  app.disable('x-powered-by')
  // Every page carries its own CSP nonce, so an ETag could never match: skip hashing the body.
  app.set('etag', false)
  app.set('trust proxy', config.trustProxy)
  app.set('views', viewsDir)
  app.set('view engine', 'ejs')
  // Templates are compiled once, except in development, where an edited view shows on reload.
  const cacheViews = config.env !== 'development'
  if (cacheViews) app.set('view cache', true)
  // include('/components/input') resolves straight from views/ (no file-system search).
  app.engine('ejs', (file, data, callback) => {
    ejs.renderFile(file, data as ejs.Data, { root: viewsDir, views: [viewsDir], cache: cacheViews, rmWhitespace: true }, callback)
  })
  Object.assign(app.locals, viewHelpers, {
    // Fallbacks for pages rendered before the per-request locals exist (an early error).
    communityName: 'Volunteer roles',
    contactEmail: '',
    websiteUrl: null,
    slackInviteUrl: null,
    codeOfConductUrl: null,
    currentPath: '',
    assetVersions: { nhsukFrontend: NHSUK_FRONTEND_VERSION, app: ASSET_VERSION },
  })

  const logRequests = setUpRequestLogging(services.logger)
  app.use(logRequests)
  // Every response carries the security headers, the health checks' too.
  const securityHeaders = setUpSecurityHeaders(config)
  app.use(securityHeaders)
  // Public reading pages are rendered once every few seconds for visitors who are not signed in;
  // a visitor with no session is given a cached one before Express takes the request, with the
  // same request log line and headers as above.
  const pages = new PageCache(config.cacheSeconds)
  pages.answerBeforeExpress(app, (req) => !hasSessionCookie(req, config), [logRequests, securityHeaders])
  app.use(healthRoutes(services))
  app.use(setUpStaticAssets())
  app.use(setUpSession(config, services.sessionPool))
  app.use(setUpLocals(services, { nhsukFrontend: NHSUK_FRONTEND_VERSION, app: ASSET_VERSION }))
  // After the locals: a form refused as too long is answered with the community's own page.
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 500 }))
  const authentication = setUpAuthentication(services, config)
  app.use(authentication.router)
  // Forms with a file (the board's electors) are read before the CSRF check, like any other form.
  app.use(setUpUploads())
  app.use(setUpCsrf(config))

  app.use(routes(services, { pages, passport: authentication.passport }))

  app.use(notFound)
  // An application page sent after its form stopped working is shown again with what was typed.
  app.use('/apply', expiredApplicationForm(services))
  app.use(errorHandler(config, services.read))
  return app
}
