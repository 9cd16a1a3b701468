import { randomUUID } from 'node:crypto'
import type { DataSource } from 'typeorm'
import type { EmailStatus } from '../entities/email-message.entity.ts'
import type { StaffUser } from '../entities/index.ts'
import { SEND_EMAIL_MAX_ATTEMPTS, SEND_EMAIL_TASK, type MailService } from '../mail/outbox.ts'
import { audit } from './audit.ts'

export const EMAIL_STATUSES: readonly EmailStatus[] = ['queued', 'sending', 'sent', 'failed']
export const EMAIL_LOG_PAGE_SIZE = 25

// Emails whose whole point is a link that signs someone in or acts for them. Anyone who can read
// the body can use the link, so admins see that such an email exists, never what it says.
const ONE_TIME_LINK_TEMPLATE_ENDINGS = ['sign-in', 'draft-saved', 'staff-invitation', 'staff-password-reset']

/**
 * The paths of every emailed one-time link (applicant and executive sign-in, draft resume, offer
 * answers, staff invitation, password reset, first-admin setup), and, as a backstop for links
 * added later, any path segment of exactly 43 base64url characters: the shape of every token we
 * issue (services/tokens.ts).
 */
const ONE_TIME_LINK = new RegExp(
  [
    String.raw`/(?:my-application/sign-in|my-onboarding/sign-in|apply/resume|offer|invitation|reset-password)/[A-Za-z0-9_-]+`,
    String.raw`/setup\?token=`,
    String.raw`[/=][A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`,
  ].join('|'),
)

/** Whether an email holds a one-time link, by its template or by what it says. */
export function containsOneTimeLink(email: { template: string; html: string; textBody: string }): boolean {
  return ONE_TIME_LINK_TEMPLATE_ENDINGS.some((ending) => email.template.endsWith(ending)) || ONE_TIME_LINK.test(email.textBody) || ONE_TIME_LINK.test(email.html)
}

export interface EmailLogRow {
  id: string
  createdAt: Date
  template: string
  recipient: string
  subject: string
  status: EmailStatus
  attempts: number
}

export interface EmailLogPage {
  rows: EmailLogRow[]
  total: number
  page: number
  pageCount: number
  pageSize: number
  /** Every email by status, whatever the filter: the failed count is always at hand. */
  countsByStatus: Record<EmailStatus, number>
}

export interface EmailDetails extends EmailLogRow {
  updatedAt: Date
  sentAt: Date | null
  lastError: string | null
  /** Null when the body is hidden because it holds a one-time link. */
  body: { html: string; text: string } | null
}

interface LogRow {
  id: string
  created_at: Date
  template: string
  recipient: string
  subject: string
  status: EmailStatus
  attempts: number
}

const toRow = (row: LogRow): EmailLogRow => ({
  id: row.id,
  createdAt: row.created_at,
  template: row.template,
  recipient: row.recipient,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The email log for admins (/admin/emails): reading the outbox, sending a failed email again, a test email. */
export class AdminEmailService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
  ) {}

  async page(filter: { status: EmailStatus | null }, requestedPage: number): Promise<EmailLogPage> {
    const counts: { status: EmailStatus; count: string }[] = await this.dataSource.query(
      `SELECT "status", count(*) AS "count" FROM "email_messages" GROUP BY "status"`,
    )
    const countsByStatus = Object.fromEntries(EMAIL_STATUSES.map((status) => [status, 0])) as Record<EmailStatus, number>
    for (const row of counts) countsByStatus[row.status] = Number(row.count)
    const total = filter.status ? countsByStatus[filter.status] : Object.values(countsByStatus).reduce((sum, count) => sum + count, 0)
    const pageCount = Math.max(1, Math.ceil(total / EMAIL_LOG_PAGE_SIZE))
    const page = Math.min(Math.max(1, requestedPage), pageCount)
    const rows: LogRow[] = await this.dataSource.query(
      `SELECT "id", "created_at", "template", "recipient", "subject", "status", "attempts"
       FROM "email_messages"
       WHERE ($1::text IS NULL OR "status" = $1)
       ORDER BY "created_at" DESC, "id" DESC
       LIMIT $2 OFFSET $3`,
      [filter.status, EMAIL_LOG_PAGE_SIZE, (page - 1) * EMAIL_LOG_PAGE_SIZE],
    )
    return { rows: rows.map(toRow), total, page, pageCount, pageSize: EMAIL_LOG_PAGE_SIZE, countsByStatus }
  }

  async find(id: string): Promise<EmailDetails | null> {
    if (!UUID.test(id)) return null
    const rows: (LogRow & { updated_at: Date; sent_at: Date | null; last_error: string | null; html: string; text_body: string })[] = await this.dataSource.query(
      `SELECT "id", "created_at", "updated_at", "sent_at", "template", "recipient", "subject", "status", "attempts", "last_error", "html", "text_body"
       FROM "email_messages" WHERE "id" = $1`,
      [id],
    )
    const row = rows[0]
    if (!row) return null
    const hidden = containsOneTimeLink({ template: row.template, html: row.html, textBody: row.text_body })
    return {
      ...toRow(row),
      updatedAt: row.updated_at,
      sentAt: row.sent_at,
      lastError: row.last_error,
      body: hidden ? null : { html: row.html, text: row.text_body },
    }
  }

  /**
   * Queues a failed email again, with a fresh set of attempts (graphile-worker's add_job resets
   * a job with the same key). False when the email is not (or no longer) failed: two admins
   * pressing "Send again" at once queue it once.
   */
  async sendAgain(id: string, by: Pick<StaffUser, 'id'>): Promise<boolean> {
    if (!UUID.test(id)) return false
    return this.dataSource.transaction(async (manager) => {
      const [updated]: [{ id: string }[], number] = await manager.query(
        `UPDATE "email_messages" SET "status" = 'queued', "updated_at" = now() WHERE "id" = $1 AND "status" = 'failed' RETURNING "id"`,
        [id],
      )
      if (updated.length === 0) return false
      await manager.query(`SELECT graphile_worker.add_job($1, json_build_object('id', $2::text), job_key := $3, max_attempts := $4)`, [
        SEND_EMAIL_TASK,
        id,
        `${SEND_EMAIL_TASK}:${id}`,
        SEND_EMAIL_MAX_ATTEMPTS,
      ])
      await audit(manager, { type: 'staff', id: by.id }, { action: 'email.resent', subjectType: 'email_message', subjectId: id, fromStatus: 'failed', toStatus: 'queued' })
      return true
    })
  }

  /** Queues the staff-test email to the admin who asked for it. Returns the new email's id. */
  async sendTest(by: Pick<StaffUser, 'id' | 'email' | 'name'>): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const queued = await this.mail.enqueue(manager, {
        key: `staff-test:${by.id}:${randomUUID()}`,
        template: 'staff-test',
        to: by.email,
        data: { requestedBy: by.name },
      })
      await audit(manager, { type: 'staff', id: by.id }, { action: 'email.test-queued', subjectType: 'email_message', subjectId: queued.id })
      return queued.id
    })
  }
}
