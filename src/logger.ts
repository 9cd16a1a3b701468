import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * One logger for the process. Redaction is a safety net: code should not log personal data in
 * the first place (request logs carry method, path without query, status and an id).
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.email', '*.password', '*.token'],
      censor: '[redacted]',
    },
  })
}
