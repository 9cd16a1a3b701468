// The job queue's database connections, and which of their errors are a lost connection.
import pg from 'pg'
import type { Logger } from '../logger.ts'

/**
 * The job queue's own connections. graphile-worker would otherwise make a pool whose error
 * listener it removes while stopping, and an error with no listener (PostgreSQL restarting:
 * 57P01, "terminating connection due to administrator command") would end the process.
 */
export function createJobQueuePool(databaseUrl: string, logger: Logger, size: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    // One connection LISTENs; the jobs and the heartbeat share the rest, each for a statement at a time.
    max: size,
    connectionTimeoutMillis: 10_000,
    application_name: 'volunteer-roles-worker',
  })
  const onError = (error: Error): void => {
    // Once the pool is closing, its connections are too: the server ending one that is still
    // closing (the embedded PostgreSQL stopping after us) is no failure.
    if (pool.ending) return
    logger.warn({ err: error }, 'A job queue database connection failed; it will be replaced')
  }
  // An idle connection's error: pg has already dropped it from the pool.
  pool.on('error', onError)
  // A connection in use reports here and fails its query too, which graphile-worker handles.
  pool.on('connect', (client) => client.on('error', onError))
  return pool
}

/** Whether `error` is a database connection that was lost or refused, rather than a mistake. */
export function isLostConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (/^08/.test(code) || ['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(code))) return true
  return /Connection terminated|not queryable|terminating connection/i.test(error.message)
}
