import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pinoHttp } from 'pino-http'
import type { RequestHandler } from 'express'
import { serializeError, type Logger } from '../logger.ts'

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
    // Unwrapped, our serializers get the request, response and error themselves. pino-http
    // would otherwise put pino's standard error serializer (every property of the error, a
    // failed query's parameters included) in front of ours, and use it where we give none.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id: string; originalUrl?: string }) => ({
        id: req.id,
        method: req.method,
        // Express changes req.url inside mounted routers; originalUrl is what was asked for.
        path: loggablePath(req.originalUrl ?? req.url ?? ''),
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
  })
}
