import { EventEmitter } from 'node:events'
import { Logger as GraphileLogger, parseCronItems, run, type Runner, type RunnerOptions, type WorkerEvents } from 'graphile-worker'
import pg from 'pg'
import type { DataSource } from 'typeorm'
import { closePastRoles } from '../actions/admin/roles/close-past-roles.ts'
import { sendBoardTermReminders } from '../actions/board/send-board-term-reminders.ts'
import { sendNewApplicationsDigest } from '../actions/board/send-new-applications-digest.ts'
import { sendReviewReminders } from '../actions/board/send-review-reminders.ts'
import { endFinishedTerms } from '../actions/onboarding/end-finished-terms.ts'
import { sendTermReminders } from '../actions/onboarding/send-term-reminders.ts'
import { anonymiseExpiredApplications } from '../actions/retention/anonymise-expired-applications.ts'
import { expireInterestRegistrations } from '../actions/interest/expire-interest.ts'
import { INTEREST_ROLE_OPENED_TASK, isRoleOpening, sendRoleOpenedEmails } from '../actions/interest/notify-interest.ts'
import type { Config } from '../config.ts'
import { withoutValues, type Logger } from '../logger.ts'
import { SEND_EMAIL_TASK } from '../mail/outbox.ts'
import { emailLinkKey } from '../mail/one-time-links.ts'
import { createMailTransport } from '../mail/transport.ts'
import { SYSTEM } from '../services/audit.ts'
import { createServices } from '../services/index.ts'
import { createPurgeExpiredTask, PURGE_EXPIRED_TASK } from './purge-expired.task.ts'
import { createSendEmailTask } from './send-email.task.ts'
import { sendConversationReminders } from '../actions/conversations/send-conversation-reminders.ts'
import { defaultHeartbeatIntervalMs, startHeartbeat, type Heartbeat } from './worker-heartbeat.ts'

export const NEW_APPLICATIONS_DIGEST_TASK = 'new_applications_digest'
export const REVIEW_REMINDERS_TASK = 'review_reminders'
export const TERM_REMINDERS_TASK = 'term_reminders'
export const END_TERMS_TASK = 'end_terms'
export const CLOSE_PAST_ROLES_TASK = 'close_past_roles'
export const RETENTION_TASK = 'retention'
export const BOARD_TERM_REMINDERS_TASK = 'board_term_reminders'
export const CONVERSATION_REMINDERS_TASK = 'conversation_reminders'

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

/**
 * Routes graphile-worker's log lines into ours. Its metadata (whole jobs, errors) is left out, and
 * its error and warning lines quote a failed task's error message, so values are taken out of them.
 */
export function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message) => {
    const fields = { worker: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId }
    switch (String(level)) {
      case 'error':
        return logger.error(fields, withoutValues(message))
      case 'warning':
        return logger.warn(fields, withoutValues(message))
      case 'info':
        return logger.info(fields, message)
      default:
        return logger.debug(fields, message)
    }
  })
}

/**
 * The job queue's own connections. graphile-worker would otherwise make a pool whose error
 * listener it removes while stopping, and an error with no listener (PostgreSQL restarting:
 * 57P01, "terminating connection due to administrator command") would end the process.
 */
function createJobQueuePool(databaseUrl: string, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    // graphile-worker's default size: one connection LISTENs, jobs and the heartbeat share the rest.
    max: 10,
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

const START_ATTEMPTS = 5

/** Whether `error` is a database connection that was lost or refused, rather than a mistake. */
export function isLostConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (/^08/.test(code) || ['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(code))) return true
  return /Connection terminated|not queryable|terminating connection/i.test(error.message)
}

/** Starts the job runner in this process. Several processes may run one each: jobs are locked. */
export async function startWorker(options: WorkerOptions): Promise<BackgroundWorker> {
  const { config, logger } = options
  const lockTimeoutSeconds = config.jobs.lockTimeoutSeconds
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs(lockTimeoutSeconds)
  if (!(heartbeatIntervalMs > 0 && heartbeatIntervalMs * 2 <= lockTimeoutSeconds * 1000)) {
    throw new Error(`The worker heartbeat (every ${heartbeatIntervalMs} ms) must beat at least twice per lock timeout (${lockTimeoutSeconds} s)`)
  }
  const transport = createMailTransport(config, logger)
  // The same services as the app's: scheduled tasks are actions, each in its own transaction.
  const services = createServices(options.dataSource, config, logger)
  const { act } = services
  const pgPool = createJobQueuePool(options.databaseUrl, logger)
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
      // As many sends at once as the SMTP transport keeps connections (src/mail/transport.ts).
      concurrency: options.concurrency ?? 4,
      // The caller owns the process and its signals (see server.ts and cli/worker.ts).
      noHandleSignals: true,
      pollInterval: options.pollInterval ?? 2_000,
      logger: graphileLogger(logger),
      // Scheduled jobs (reminders, retention) are declared here with parseCronItems([...]), not
      // read from a crontab file.
      parsedCronItems: parseCronItems([
        // Every day at 03:15 (server time); a missed run within 6 hours is caught up after a restart.
        { task: PURGE_EXPIRED_TASK, match: '15 3 * * *', options: { backfillPeriod: 6 * 60 * 60 * 1000 } },
        // The board's morning emails. Each is keyed by member and day, so a second run sends nothing.
        { task: NEW_APPLICATIONS_DIGEST_TASK, match: '0 8 * * *', options: { backfillPeriod: 6 * 60 * 60 * 1000 } },
        { task: REVIEW_REMINDERS_TASK, match: '5 8 * * *', options: { backfillPeriod: 6 * 60 * 60 * 1000 } },
        // Executives' terms: ended terms first (just after midnight), then the 30-day reminders. The
        // reminder is recorded on the executive's row, so a second run or a second worker sends nothing.
        { task: END_TERMS_TASK, match: '10 0 * * *', options: { backfillPeriod: 6 * 60 * 60 * 1000 } },
        { task: TERM_REMINDERS_TASK, match: '10 8 * * *', options: { backfillPeriod: 6 * 60 * 60 * 1000 } },
        // Just after midnight UTC, which is after midnight in the UK in summer and winter alike.
        { task: CLOSE_PAST_ROLES_TASK, match: '5 0 * * *', options: { backfillPeriod: 6 * 60 * 60 * 1000 } },
        { task: RETENTION_TASK, match: '30 3 * * *', options: { backfillPeriod: 6 * 60 * 60 * 1000 } },
        // Board terms: 60 and 30 days ahead; each reminder is recorded once per term end date.
        { task: BOARD_TERM_REMINDERS_TASK, match: '15 8 * * *', options: { backfillPeriod: 6 * 60 * 60 * 1000 } },
        // Conversations tomorrow (UK dates), each hour from 08:00 to 20:00, so that one booked
        // today for tomorrow is reminded too: graphile-worker schedules one job per tick across all
        // workers, and each conversation is reminded once (reminded_at, and keyed emails).
        { task: CONVERSATION_REMINDERS_TASK, match: '0 8-20 * * *', options: { backfillPeriod: 60 * 60 * 1000 } },
      ]),
      taskList: {
        [SEND_EMAIL_TASK]: createSendEmailTask({ dataSource: options.dataSource, transport, from: config.mail.from, logger, linkKey: emailLinkKey(config.session.secret) }),
        [PURGE_EXPIRED_TASK]: createPurgeExpiredTask(options.dataSource, logger),
        [NEW_APPLICATIONS_DIGEST_TASK]: async () => {
          logger.info({ members: await act(sendNewApplicationsDigest, {}, SYSTEM) }, 'Queued new-application digests')
        },
        [CONVERSATION_REMINDERS_TASK]: async () => {
          logger.info({ conversations: await act(sendConversationReminders, {}, SYSTEM) }, 'Queued conversation reminders')
        },
        [REVIEW_REMINDERS_TASK]: async () => {
          logger.info({ members: await act(sendReviewReminders, {}, SYSTEM) }, 'Queued review reminders')
        },
        [END_TERMS_TASK]: async () => {
          logger.info({ executives: await act(endFinishedTerms, {}, SYSTEM) }, 'Ended finished executive terms')
        },
        [TERM_REMINDERS_TASK]: async () => {
          logger.info({ executives: await sendTermReminders(services) }, 'Queued term-ending reminders')
        },
        [RETENTION_TASK]: async () => {
          logger.info({ applications: await act(anonymiseExpiredApplications, {}, SYSTEM) }, 'Anonymised applications past the retention period')
          logger.info(await act(expireInterestRegistrations, {}, SYSTEM), 'Deleted registrations of interest that were never confirmed or past the retention period')
        },
        [INTEREST_ROLE_OPENED_TASK]: async (payload) => {
          if (!isRoleOpening(payload)) throw new Error(`${INTEREST_ROLE_OPENED_TASK} needs a payload of { roleId, roleVersion }`)
          logger.info({ people: await act(sendRoleOpenedEmails, payload, SYSTEM) }, 'Queued emails to people waiting for a role that opened')
        },
        [BOARD_TERM_REMINDERS_TASK]: async () => {
          logger.info({ members: await sendBoardTermReminders(services) }, 'Queued board term-ending reminders')
        },
        [CLOSE_PAST_ROLES_TASK]: async () => {
          logger.info({ roles: (await act(closePastRoles, {}, SYSTEM)).length }, 'Closed roles past their closing date')
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
