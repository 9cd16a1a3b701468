// What the worker runs: the task list (email delivery, and the scheduled actions, each in its own
// transaction) and the schedule that queues the scheduled ones.
import { parseCronItems, type ParsedCronItem, type TaskList } from 'graphile-worker'
import type { DataSource } from 'typeorm'
import { closePastRoles } from '../actions/admin/roles/close-past-roles.ts'
import { sendBoardTermReminders } from '../actions/board/send-board-term-reminders.ts'
import { sendNewApplicationsDigest } from '../actions/board/send-new-applications-digest.ts'
import { sendReviewReminders } from '../actions/board/send-review-reminders.ts'
import { sendConversationReminders } from '../actions/conversations/send-conversation-reminders.ts'
import { INTEREST_ROLE_OPENED_TASK, isRoleOpening, sendRoleOpenedEmails } from '../actions/interest/notify-interest.ts'
import { expireInterestRegistrations } from '../actions/interest/expire-interest.ts'
import { endFinishedTerms } from '../actions/onboarding/end-finished-terms.ts'
import { sendTermReminders } from '../actions/onboarding/send-term-reminders.ts'
import { anonymiseExpiredApplications } from '../actions/retention/anonymise-expired-applications.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { SEND_EMAIL_TASK } from '../mail/outbox.ts'
import { emailLinkKey } from '../mail/one-time-links.ts'
import type { MailTransport } from '../mail/transport.ts'
import { SYSTEM } from '../services/audit.ts'
import type { Services } from '../services/index.ts'
import { createPurgeExpiredTask, PURGE_EXPIRED_TASK } from './purge-expired.task.ts'
import { createSendEmailTask } from './send-email.task.ts'

export const NEW_APPLICATIONS_DIGEST_TASK = 'new_applications_digest'
export const REVIEW_REMINDERS_TASK = 'review_reminders'
export const TERM_REMINDERS_TASK = 'term_reminders'
export const END_TERMS_TASK = 'end_terms'
export const CLOSE_PAST_ROLES_TASK = 'close_past_roles'
export const RETENTION_TASK = 'retention'
export const BOARD_TERM_REMINDERS_TASK = 'board_term_reminders'
export const CONVERSATION_REMINDERS_TASK = 'conversation_reminders'

/**
 * Scheduled jobs (reminders, retention), declared here with parseCronItems([...]) rather than
 * read from a crontab file.
 */
export function scheduledJobs(): ParsedCronItem[] {
  return parseCronItems([
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
  ])
}

export interface TaskDependencies {
  dataSource: DataSource
  config: Config
  logger: Logger
  transport: MailTransport
  /** The same services as the app's: scheduled tasks are actions, each in its own transaction. */
  services: Services
}

/** Every task the worker knows, by name. */
export function createTaskList({ dataSource, config, logger, transport, services }: TaskDependencies): TaskList {
  const { act } = services
  return {
    [SEND_EMAIL_TASK]: createSendEmailTask({ transport, from: config.mail.from, logger, linkKey: emailLinkKey(config.session.secret) }),
    [PURGE_EXPIRED_TASK]: createPurgeExpiredTask(dataSource, logger),
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
  }
}
