// npm run worker: runs the background jobs (email delivery) without the web app, e.g. as a
// separate container. The app runs a worker too; any number can share one database.
// Expects a migrated database (npm start or npm run migrate); with no DATABASE_URL it starts the
// embedded PostgreSQL, which only one process can use at a time.
import { ConfigError, loadConfig, type Config } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { startWorker, type BackgroundWorker } from '../jobs/worker.ts'
import { onStopSignals, stopThenExit } from '../lifecycle.ts'
import { createLogger } from '../logger.ts'

let config: Config
try {
  config = loadConfig()
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`Cannot start: ${error.message}`)
  process.exit(1)
}
const logger = createLogger(config.logLevel, { format: config.logFormat, isProduction: config.isProduction })
const database = await openDatabase(config, (message) => logger.info(message))

let stopping = false
async function shutdown(reason: string, exitCode: number): Promise<void> {
  if (stopping) return
  stopping = true
  logger.info(`${reason}: finishing running jobs, then stopping`)
  await stopThenExit(logger, { graceSeconds: config.shutdownGraceSeconds, exitCode, stoppedMessage: 'Worker stopped cleanly' }, async () => {
    await worker?.then((started) => started.stop(), () => {})
    await database.close()
  })
}
onStopSignals((reason) => void shutdown(reason, 0))

// The promise, not the worker: a stop that begins while the worker is starting waits for it.
const worker: Promise<BackgroundWorker> = startWorker({ databaseUrl: database.url, dataSource: database.dataSource, config, logger })
let started: BackgroundWorker
try {
  started = await worker
} catch (error) {
  if (stopping) await new Promise(() => {}) // The stop in progress ends the process.
  logger.error({ err: error }, 'The worker could not start')
  await database.close()
  process.exit(1)
}
started.promise.then(
  () => void shutdown('The worker stopped', 0),
  (error: unknown) => {
    logger.error({ err: error }, 'The worker stopped because of an error')
    void shutdown('Worker failure', 1)
  },
)
