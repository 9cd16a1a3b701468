import { Logger as GraphileLogger, parseCronItems, run, type Runner } from 'graphile-worker'
import type { DataSource } from 'typeorm'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { SEND_EMAIL_TASK } from '../mail/outbox.ts'
import { createMailTransport } from '../mail/transport.ts'
import { BoardNotificationService } from '../services/board-notification.service.ts'
import { OnboardingService } from '../services/onboarding.service.ts'
import { RoleAdminService } from '../services/role-admin.service.ts'
import { RetentionService } from '../services/retention.service.ts'
import { RoleService } from '../services/role.service.ts'
import { StaffService } from '../services/staff.service.ts'
import { MailService } from '../mail/outbox.ts'
import { createPurgeExpiredTask, PURGE_EXPIRED_TASK } from './purge-expired.task.ts'
import { createSendEmailTask } from './send-email.task.ts'

export const NEW_APPLICATIONS_DIGEST_TASK = 'new_applications_digest'
export const REVIEW_REMINDERS_TASK = 'review_reminders'
export const TERM_REMINDERS_TASK = 'term_reminders'
export const END_TERMS_TASK = 'end_terms'
export const CLOSE_PAST_ROLES_TASK = 'close_past_roles'
export const RETENTION_TASK = 'retention'

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
}

export interface BackgroundWorker {
  /** Settles when the worker stops; rejects if it stops because of an error. */
  promise: Promise<void>
  /** Waits for running jobs to finish, then releases the worker's connections. */
  stop(): Promise<void>
}

/** Routes graphile-worker's log lines into ours. Its metadata (whole jobs, errors) is left out. */
export function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message) => {
    const fields = { worker: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId }
    switch (String(level)) {
      case 'error':
        return logger.error(fields, message)
      case 'warning':
        return logger.warn(fields, message)
      case 'info':
        return logger.info(fields, message)
      default:
        return logger.debug(fields, message)
    }
  })
}

/** Starts the job runner in this process. Several processes may run one each: jobs are locked. */
export async function startWorker(options: WorkerOptions): Promise<BackgroundWorker> {
  const { config, logger } = options
  const transport = createMailTransport(config, logger)
  const mail = new MailService(config)
  const board = new BoardNotificationService(options.dataSource, mail, new StaffService(options.dataSource, mail, config.baseUrl))
  const onboarding = new OnboardingService(options.dataSource, mail)
  const retention = new RetentionService(options.dataSource)
  const roleAdmin = new RoleAdminService(options.dataSource, new RoleService(options.dataSource))
  let runner: Runner
  try {
    runner = await run({
      connectionString: options.databaseUrl,
      concurrency: options.concurrency ?? 2,
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
      ]),
      taskList: {
        [SEND_EMAIL_TASK]: createSendEmailTask({ dataSource: options.dataSource, transport, from: config.mail.from, logger }),
        [PURGE_EXPIRED_TASK]: createPurgeExpiredTask(options.dataSource, logger),
        [NEW_APPLICATIONS_DIGEST_TASK]: async () => {
          logger.info({ members: await board.sendDigests() }, 'Queued new-application digests')
        },
        [REVIEW_REMINDERS_TASK]: async () => {
          logger.info({ members: await board.sendReviewReminders() }, 'Queued review reminders')
        },
        [END_TERMS_TASK]: async () => {
          logger.info({ executives: await onboarding.endFinishedTerms() }, 'Ended finished executive terms')
        },
        [TERM_REMINDERS_TASK]: async () => {
          logger.info({ executives: await onboarding.sendTermReminders() }, 'Queued term-ending reminders')
        },
        [RETENTION_TASK]: async () => {
          logger.info({ applications: await retention.anonymiseExpired() }, 'Anonymised applications past the retention period')
        },
        [CLOSE_PAST_ROLES_TASK]: async () => {
          logger.info({ roles: (await roleAdmin.closePastClosingDate()).length }, 'Closed roles past their closing date')
        },
      },
    })
  } catch (error) {
    transport.close()
    throw error
  }
  const promise = runner.promise.finally(() => transport.close())
  // Observed by the caller if it cares; never an unhandled rejection.
  promise.catch(() => {})
  let stopping: Promise<void> | null = null
  return {
    promise,
    stop() {
      // The runner refuses a second stop(); ours may be called by each of several signals.
      stopping ??= runner.stop().then(
        () => promise.catch(() => {}),
        () => promise.catch(() => {}),
      )
      return stopping
    },
  }
}
