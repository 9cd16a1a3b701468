import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pinoHttp } from 'pino-http'
import type { RequestHandler } from 'express'
import type { Logger } from '../logger.ts'

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/
// One-time link tokens are 43 base64url characters and sit in paths such as /offer/<token>.
const TOKEN_SEGMENT = /\/[A-Za-z0-9_-]{43}(?=\/|$)/g

/** The path without its query string and with any one-time token masked: logs hold neither. */
export function loggablePath(url: string): string {
  return (url.split('?')[0] ?? '').replace(TOKEN_SEGMENT, '/[token]')
}

/**
 * Gives every request an id (a well-formed incoming X-Request-Id is kept, so a proxy's id
 * joins up) and logs one line per request: method, path without the query string, status and
 * time. Query strings, bodies and headers can carry personal data, so they are not logged.
 */
export default function setUpRequestLogging(logger: Logger): RequestHandler {
  const genReqId = (req: IncomingMessage, res: ServerResponse) => {
    const incoming = req.headers['x-request-id']
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    res.setHeader('X-Request-Id', id)
    return id
  }
  if (!logger.isLevelEnabled('info')) {
    // Request lines are off (LOG_LEVEL warn or quieter): keep the id, and make the per-request
    // logger only when something actually logs.
    return (req, res, next) => {
      const id = genReqId(req, res)
      req.id = id
      let child: Logger | undefined
      Object.defineProperty(req, 'log', { configurable: true, get: () => (child ??= logger.child({ req: { id } })) })
      next()
    }
  }
  return pinoHttp({
    logger,
    genReqId,
    autoLogging: { ignore: (req) => req.url === '/health' || req.url?.startsWith('/assets/') === true },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return 'error'
      if (res.statusCode >= 400) return 'warn'
      return 'info'
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: loggablePath(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  })
}
