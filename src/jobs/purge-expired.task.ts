import type { Task } from 'graphile-worker'
import type { DataSource } from 'typeorm'
import type { Logger } from '../logger.ts'

export const PURGE_EXPIRED_TASK = 'purge_expired'

/**
 * Daily clean-up of things that only live for a while: saved drafts past their 7 days (they hold
 * personal data), one-time links a day after they expired, finished rate-limit windows, and NHS
 * email codes an hour after they expired (they hold the address they went to).
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
    logger.info({ drafts, tokens, windows, codes }, 'Purged expired drafts, links, rate-limit windows and NHS email codes')
  }
}
