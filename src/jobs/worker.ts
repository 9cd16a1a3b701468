import { EventEmitter } from 'node:events'
import { run, type Runner, type RunnerOptions, type WorkerEvents } from 'graphile-worker'
import type { DataSource } from 'typeorm'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { createMailTransport } from '../mail/transport.ts'
import { createServices } from '../services/index.ts'
import { graphileLogger } from './graphile-logger.ts'
import { createJobQueuePool, isLostConnection } from './job-queue-pool.ts'
import { createTaskList, scheduledJobs } from './tasks.ts'
import { defaultHeartbeatIntervalMs, startHeartbeat, type Heartbeat } from './worker-heartbeat.ts'

export { graphileLogger } from './graphile-logger.ts'
export { isLostConnection } from './job-queue-pool.ts'
// The task names, for the code and tests that queue or look for them.
export {
  BOARD_TERM_REMINDERS_TASK,
  CLOSE_PAST_ROLES_TASK,
  CONVERSATION_REMINDERS_TASK,
  END_TERMS_TASK,
  NEW_APPLICATIONS_DIGEST_TASK,
  RETENTION_TASK,
  REVIEW_REMINDERS_TASK,
  TERM_REMINDERS_TASK,
} from './tasks.ts'

export interface WorkerOptions {
  /** The app's database (Database.url): jobs live in its graphile_worker schema. */
  databaseUrl: string
  /** For the tasks' own queries. */
  dataSource: DataSource
  config: Config
  logger: Logger
  /** How often to look for due jobs (retries, scheduled); new jobs arrive at once by LISTEN/NOTIFY. */
  pollInterval?: number
  concurrency?: number
  /**
   * How often this worker shows it is alive and looks for dead ones (default: a quarter of
   * config.jobs.lockTimeoutSeconds). Less than half the timeout, or a live worker could look dead.
   */
  heartbeatIntervalMs?: number
}

export interface BackgroundWorker {
  /**
   * Settles once stop() has been called and the worker has released its connections. A runner
   * that fails on its own is started again (see startWorker), so this does not settle then.
   */
  promise: Promise<void>
  /** Waits for running jobs to finish, then releases the worker's connections. */
  stop(): Promise<void>
}

const START_ATTEMPTS = 5
// Jobs at once. A send holds a database connection only for its two short statements, not while
// it talks to the SMTP server (src/mail/transport.ts keeps 8 connections), so the jobs share a
// smaller pool: with 8 jobs over 4 SMTP connections the worker drained fewer emails a second than
// a burst of submits queued, and the wait grew with the burst (the bench's pick-up latency).
const JOB_CONCURRENCY = 16
/** The job queue's connections: one LISTENs, the heartbeat and the jobs' statements share the rest. */
const JOB_QUEUE_CONNECTIONS = 10

/** Starts the job runner in this process. Several processes may run one each: jobs are locked. */
export async function startWorker(options: WorkerOptions): Promise<BackgroundWorker> {
  const { config, logger } = options
  const lockTimeoutSeconds = config.jobs.lockTimeoutSeconds
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs(lockTimeoutSeconds)
  if (!(heartbeatIntervalMs > 0 && heartbeatIntervalMs * 2 <= lockTimeoutSeconds * 1000)) {
    throw new Error(`The worker heartbeat (every ${heartbeatIntervalMs} ms) must beat at least twice per lock timeout (${lockTimeoutSeconds} s)`)
  }
  const transport = createMailTransport(config, logger)
  const pgPool = createJobQueuePool(options.databaseUrl, logger, Math.min((options.concurrency ?? JOB_CONCURRENCY) + 2, JOB_QUEUE_CONNECTIONS))
  // graphile-worker tells its pool's id (the locked_by of the jobs it takes) only by this event.
  const events: WorkerEvents = new EventEmitter()
  const created: { poolId?: string } = {}
  events.on('pool:create', ({ workerPool }) => {
    created.poolId = workerPool.id
  })
  // A runner whose pool shuts itself down (a worker lost its connection) may not settle its
  // promise for a long time: the supervisor below is told at once, and starts another.
  let onOwnShutdown: ((poolId: string) => void) | null = null
  events.on('pool:gracefulShutdown', ({ workerPool }) => onOwnShutdown?.(workerPool.id))
  // graphile-worker (0.17 and 0.18) keeps the first lookup of its task ids as a promise, per
  // options object; when that lookup fails (connections ended just as the runner starts), every
  // later fetch fails with the same error and the runner never sends again. So each runner gets
  // an options object of its own (startRunner), and one whose fetches have all failed for
  // config.jobs.stalledAfterSeconds is replaced. While the database is down the new one fails to
  // start and is tried again, with a growing pause, which is what happens anyway.
  const fetches = { failingSince: null as number | null }
  events.on('worker:getJob:error', () => {
    fetches.failingSince ??= Date.now()
  })
  const fetched = (): void => {
    fetches.failingSince = null
  }
  events.on('worker:getJob:empty', fetched)
  events.on('job:start', fetched)
  const release = async (): Promise<void> => {
    transport.close()
    await pgPool.end().catch((error: unknown) => logger.warn({ err: error }, 'Could not close the job queue connections'))
  }

  const runOptions: RunnerOptions = {
    pgPool,
    events,
    // Twice as many jobs at once as the SMTP transport keeps connections (src/mail/transport.ts):
    // while one job's message goes over a connection, another's statements are on their way.
    concurrency: options.concurrency ?? JOB_CONCURRENCY,
    // The caller owns the process and its signals (see server.ts and cli/worker.ts).
    noHandleSignals: true,
    pollInterval: options.pollInterval ?? 2_000,
    logger: graphileLogger(logger),
    parsedCronItems: scheduledJobs(),
    taskList: createTaskList({ dataSource: options.dataSource, config, logger, transport, services: createServices(options.dataSource, config, logger) }),
    preset: {
      worker: {
        // Finished jobs are marked complete together, one statement for those finishing within
        // 20 ms rather than one each. A job sent but not yet marked when the process dies runs
        // again, which send_email allows (a row already sent is left alone). (Not the local queue,
        // which fetches several jobs at once: its failed fetches raise no event, and the runner
        // whose fetches all fail must be seen, above.)
        completeJobBatchDelay: 20,
      },
    },
  }

  /** One graphile-worker runner with its heartbeat. Each has a pool id of its own. */
  async function startRunner(): Promise<{ runner: Runner; heartbeat: Heartbeat }> {
    created.poolId = undefined
    fetches.failingSince = null
    const runner = await run({ ...runOptions })
    try {
      if (!created.poolId) throw new Error('graphile-worker did not report its pool id')
      const heartbeat = await startHeartbeat({ pool: pgPool, poolId: created.poolId, intervalMs: heartbeatIntervalMs, lockTimeoutSeconds, logger })
      return { runner, heartbeat }
    } catch (error) {
      await runner.stop().catch(() => {})
      throw error
    }
  }

  let current: { runner: Runner; heartbeat: Heartbeat }
  for (let attempt = 1; ; attempt++) {
    try {
      current = await startRunner()
      break
    } catch (error) {
      // Connections ended while starting (the database restarting) are worth a few more tries;
      // anything else (a wrong address, a missing schema) fails the start at once.
      if (attempt < START_ATTEMPTS && isLostConnection(error)) {
        logger.warn({ err: error }, `The job runner lost its connection while starting; trying again (${attempt} of ${START_ATTEMPTS - 1})`)
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt))
        continue
      }
      await release()
      throw error
    }
  }

  let stopRequested = false
  let stopping: Promise<void> | null = null
  let wake: (() => void) | null = null
  /**
   * graphile-worker shuts its runner down when a worker loses its connection at the wrong moment
   * (a database restart while it is fetching a job): this process would then queue mail that
   * nobody sends. So a runner that ends without being asked to is started again, after a pause
   * that grows while the database stays away, until stop() is called.
   */
  const promise = (async () => {
    let pauseMs = 1_000
    for (;;) {
      const poolId = current.heartbeat.poolId
      const shutDownByItself = new Promise<void>((resolve) => {
        onOwnShutdown = (id) => {
          if (id === poolId && !stopRequested) resolve()
        }
      })
      let watching: NodeJS.Timeout | undefined
      const stalled = new Promise<void>((resolve) => {
        watching = setInterval(() => {
          if (fetches.failingSince !== null && Date.now() - fetches.failingSince >= config.jobs.stalledAfterSeconds * 1000 && !stopRequested) resolve()
        }, Math.min(5_000, config.jobs.stalledAfterSeconds * 250))
        watching.unref()
      })
      await Promise.race([
        current.runner.promise.catch((error: unknown) => {
          if (!stopRequested) logger.error({ err: error }, 'The job runner stopped after an error')
        }),
        shutDownByItself.then(() => logger.error('The job runner shut itself down after an error')),
        stalled.then(() => {
          logger.error(`The job runner has failed to fetch a job for ${config.jobs.stalledAfterSeconds} s; replacing it`)
          // Its workers are only failing to fetch, so it stops at once; a stop that hangs is not waited for long.
          stopping = Promise.race([current.runner.stop().catch(() => {}), new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())])
        }),
      ])
      clearInterval(watching)
      // After stop(), the runner's promise settles before the runner has finished releasing.
      await stopping
      if (!stopRequested) stopping = null
      // Beating until the running jobs have finished, so that none of them looks abandoned.
      await current.heartbeat.stop()
      while (!stopRequested) {
        logger.warn(`Starting the job runner again in ${pauseMs / 1000} s`)
        await new Promise<void>((resolve) => {
          wake = resolve
          setTimeout(resolve, pauseMs).unref()
        })
        wake = null
        if (stopRequested) break
        try {
          current = await startRunner()
          pauseMs = 1_000
          if (stopRequested) {
            // stop() came while this runner was starting: it stops too.
            await current.runner.stop().catch(() => {})
            await current.heartbeat.stop()
          }
          break
        } catch (error) {
          logger.error({ err: error }, 'The job runner could not start')
          pauseMs = Math.min(pauseMs * 2, 30_000)
        }
      }
      if (stopRequested) break
    }
    await release()
  })()
  // Observed by the caller if it cares; never an unhandled rejection.
  promise.catch(() => {})
  return {
    promise,
    stop() {
      // The runner refuses a second stop(), and one after it stopped by itself; ours may be called
      // by each of several signals.
      stopRequested = true
      stopping ??= current.runner.stop().catch(() => {})
      wake?.()
      return promise.then(
        () => {},
        () => {},
      )
    },
  }
}
