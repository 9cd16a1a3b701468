import type { Task } from 'graphile-worker'
import type { DataSource } from 'typeorm'
import type { Logger } from '../logger.ts'

export const PURGE_EXPIRED_TASK = 'purge_expired'

/**
 * Daily clean-up of things that only live for a while: saved drafts past their 7 days (they hold
 * personal data), one-time links a day after they expired, finished rate-limit windows, NHS
 * email codes an hour after they expired (they hold the address they went to), and the bodies
 * of emails sent longer ago than the retention period (the row keeps that it was sent).
 */
export function createPurgeExpiredTask(dataSource: DataSource, logger: Logger): Task {
  return async () => {
    const count = async (sql: string): Promise<number> => {
      const [, affected]: [unknown[], number] = await dataSource.query(sql)
      return affected
    }
    const drafts = await count(`DELETE FROM application_drafts WHERE expires_at <= now()`)
    const tokens = await count(`DELETE FROM one_time_tokens WHERE expires_at <= now() - interval '1 day'`)
    const windows = await count(`DELETE FROM rate_limit_hits WHERE reset_at <= now()`)
    const codes = await count(`DELETE FROM nhs_email_codes WHERE expires_at <= now() - interval '1 hour'`)
    const emailBodies = await count(
      `UPDATE email_messages m
       SET html = '', text_body = '', link_tokens = NULL, attachments = '[]', body_purged_at = now(), updated_at = now()
       FROM settings s
       WHERE s.id = 1 AND m.status = 'sent' AND m.body_purged_at IS NULL
         AND m.sent_at < now() - make_interval(months => s.retention_months)`,
    )
    // Board elector uploads an admin never confirmed: they hold email addresses.
    const electorUploads = await count(`DELETE FROM board_elector_uploads WHERE created_at <= now() - interval '1 day'`)
    logger.info({ drafts, tokens, windows, codes, emailBodies, electorUploads }, 'Purged expired drafts, links, rate-limit windows, NHS email codes and old email bodies')
  }
}
