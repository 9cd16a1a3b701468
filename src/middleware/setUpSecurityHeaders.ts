import { randomBytes } from 'node:crypto'
import { Router } from 'express'
import helmet from 'helmet'
import type { Config } from '../config.ts'

/** Strict headers, and a fresh CSP nonce per response for our one inline module script. */
export default function setUpSecurityHeaders(config: Config): Router {
  const router = Router()
  router.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  })
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          // The NHS.UK stylesheet loads Frutiger from the NHS's own font host.
          fontSrc: ["'self'", 'https://assets.nhs.uk'],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          // The single sign-on button's form is answered with a redirect to the identity provider.
          formAction: ["'self'", ...(config.oidc ? [config.oidc.issuer.origin] : [])],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          // Only where the service is served over https: over http it would break every asset.
          ...(config.https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // Browsers ignore HSTS over http; sent where the service really is https.
      strictTransportSecurity: config.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  )
  router.use((_req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()')
    next()
  })
  return router
}
