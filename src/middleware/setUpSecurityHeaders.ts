import { randomBytes, randomFillSync } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet from 'helmet'
import type { Config } from '../config.ts'

const NONCE_PLACEHOLDER = `nonce-${randomBytes(12).toString('hex')}`

/**
 * The headers helmet sets, worked out once: helmet is run at start-up on a response that only
 * records them, with a placeholder where the CSP nonce goes. None of them depends on the request,
 * and building them again for every response (helmet's fourteen middlewares, the CSP's
 * directives joined) was a cost on every page.
 */
function helmetHeaders(config: Config): { headers: [string, string][]; removed: string[] } {
  const middleware = helmet({
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
  })
  const headers = new Map<string, string>()
  const removed: string[] = []
  const recorder = {
    locals: { cspNonce: NONCE_PLACEHOLDER },
    setHeader(name: string, value: string) {
      headers.set(name, String(value))
    },
    removeHeader(name: string) {
      headers.delete(name)
      removed.push(name)
    },
  }
  let finished = false
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
    finished = true
  })
  // helmet's middlewares are synchronous; if that ever changes, say so at start-up.
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once')
  headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()')
  return { headers: [...headers], removed }
}

const NONCE_BYTES = 16
const NONCES_PER_FILL = 1024
const noncePool = Buffer.alloc(NONCE_BYTES * NONCES_PER_FILL)
let nextNonce = NONCES_PER_FILL

/**
 * A fresh nonce of 16 random bytes, base64. The bytes come from the system's CSPRNG 16 KB at a
 * time (as Node's randomUUID does for its own), rather than one call into it per response; each
 * nonce's bytes are used once.
 */
export function newNonce(): string {
  if (nextNonce === NONCES_PER_FILL) {
    randomFillSync(noncePool)
    nextNonce = 0
  }
  const start = nextNonce * NONCE_BYTES
  nextNonce += 1
  return noncePool.toString('base64', start, start + NONCE_BYTES)
}

/** Strict headers, and a fresh CSP nonce per response for our one inline module script. */
export default function setUpSecurityHeaders(config: Config): RequestHandler {
  const { headers, removed } = helmetHeaders(config)
  const fixed = headers.filter(([, value]) => !value.includes(NONCE_PLACEHOLDER))
  const withNonce = headers.filter(([, value]) => value.includes(NONCE_PLACEHOLDER)).map(([name, value]) => [name, ...value.split(NONCE_PLACEHOLDER)] as const)
  return (_req, res, next) => {
    const nonce = newNonce()
    res.locals.cspNonce = nonce
    for (const name of removed) res.removeHeader(name)
    for (const [name, value] of fixed) res.setHeader(name, value)
    for (const [name, ...parts] of withNonce) res.setHeader(name, parts.join(nonce))
    next()
  }
}
