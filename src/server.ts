import { once } from 'node:events'
import { createApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { openDatabase, type Database } from './db/database.ts'
import { migrateAndSeed } from './db/migrate.ts'
import { startWorker, type BackgroundWorker } from './jobs/worker.ts'
import { onStopSignals, stopThenExit, trackConnections } from './lifecycle.ts'
import { createLogger, serializeError } from './logger.ts'
import { rateLimitWritesSettled } from './middleware/pg-rate-limit-store.ts'
import { createServices, type Services } from './services/index.ts'

/** Set once a stop begins: start-up steps still running then may fail, and that is expected. */
let stopping = false

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cannot start: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger(config.logLevel, { format: config.logFormat, isProduction: config.isProduction })
  const log = (message: string) => logger.info(message)

  let database: Database | null = null
  let services: Services | null = null
  let http: { drain(): Promise<void> } | null = null
  // The promise, not the worker: a stop that begins while the worker is starting waits for it.
  let worker: Promise<BackgroundWorker> | null = null

  /**
   * The stop, in order: /ready turns 503 and no new connections are taken; requests already here
   * are answered (Connection: close) and their sockets closed; the worker finishes a send in
   * progress; the pools close; the embedded PostgreSQL, if any, stops last.
   */
  async function shutdown(reason: string, exitCode = 0): Promise<void> {
    if (stopping) return
    stopping = true
    services?.lifecycle.beginStopping()
    logger.info(`${reason}: finishing in-flight requests and jobs, then stopping`)
    await stopThenExit(logger, { graceSeconds: config.shutdownGraceSeconds, exitCode, stoppedMessage: 'Stopped cleanly' }, async () => {
      await Promise.all([http?.drain().then(rateLimitWritesSettled), worker?.then((started) => started.stop(), () => {})])
      await database?.close()
    })
  }
  onStopSignals((reason) => void shutdown(reason))

  database = await openDatabase(config, log)
  if (stopping) return
  await migrateAndSeed(database.dataSource, log, { production: config.isProduction })

  services = createServices(database.dataSource, config, logger)
  const app = createApp(services)
  const server = app.listen(config.port)
  http = trackConnections(server, services.lifecycle)
  // Rejects (and start-up fails) if the port is taken.
  await once(server, 'listening')
  logger.info(`Listening on ${config.baseUrl} (port ${config.port})`)
  if (config.isProduction && !config.dataEncryption.fromEnvironment) {
    logger.warn('DATA_ENCRYPTION_KEY is not set, so staff authenticator app secrets are encrypted with a key derived from SESSION_SECRET. Set DATA_ENCRYPTION_KEY (openssl rand -hex 32).')
  }
  if (config.isProduction && !config.https) {
    logger.warn('BASE_URL is http, so cookies are not Secure. Use an https BASE_URL for anything but a trial on this machine.')
  }

  const setupLink = await services.staff.createSetupLinkIfNoStaff()
  if (setupLink) {
    // Printed, not logged: the one way in on a new database, for whoever can read the console.
    console.log(`\nThere are no staff accounts yet. Create the first admin here (the link works once, for 24 hours):\n\n  ${setupLink}\n`)
  }

  if (stopping) return
  worker = startWorker({ databaseUrl: database.url, dataSource: database.dataSource, config, logger })
  const started = await worker
  // Without its worker this process would queue mail that nobody sends: stop, and be restarted.
  started.promise.catch((error: unknown) => {
    logger.error({ err: error }, 'The background worker stopped')
    void shutdown('Background worker failure', 1)
  })
}

main().catch((error: unknown) => {
  // A signal during start-up closes what was opened under the steps still running; the stop in
  // progress decides how the process ends.
  if (stopping) return
  // Its class, message and stack only: a failed query's parameters could hold personal data.
  console.error('Failed to start:', serializeError(error).stack ?? serializeError(error).message)
  process.exit(1)
})
