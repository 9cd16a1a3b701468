import type { EntityManager } from 'typeorm'
import type { EmailStatus } from '../entities/email-message.entity.ts'
import { hasRedactedLink } from '../mail/one-time-links.ts'

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

/**
 * Whether an email holds a one-time link, by its template or by what it says. A link stored
 * redacted (mail/one-time-links.ts) counts too: the stored copy cannot be used, but the email's
 * whole point is that link.
 */
export function containsOneTimeLink(email: { template: string; html: string; textBody: string }): boolean {
  return (
    ONE_TIME_LINK_TEMPLATE_ENDINGS.some((ending) => email.template.endsWith(ending)) ||
    [email.textBody, email.html].some((part) => ONE_TIME_LINK.test(part) || hasRedactedLink(part))
  )
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
  /** Where a reply goes; null for emails queued before emails had one. */
  replyTo: string | null
  updatedAt: Date
  sentAt: Date | null
  lastError: string | null
  /** When the retention job removed its bodies; then `body` is null too. */
  bodyPurgedAt: Date | null
  /** Null when the body is hidden because it holds a one-time link, or was removed. */
  body: { html: string; text: string } | null
  /** The names of the files sent with it (a calendar invitation). */
  attachmentNames: string[]
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

/** A page of the email log for admins (/admin/emails), newest first, optionally of one status. */
export async function emailLogPage(db: EntityManager, { status, page: requestedPage }: { status: EmailStatus | null; page: number }): Promise<EmailLogPage> {
  const counts: { status: EmailStatus; count: string }[] = await db.query(`SELECT "status", count(*) AS "count" FROM "email_messages" GROUP BY "status"`)
  const countsByStatus = Object.fromEntries(EMAIL_STATUSES.map((each) => [each, 0])) as Record<EmailStatus, number>
  for (const row of counts) countsByStatus[row.status] = Number(row.count)
  const total = status ? countsByStatus[status] : Object.values(countsByStatus).reduce((sum, count) => sum + count, 0)
  const pageCount = Math.max(1, Math.ceil(total / EMAIL_LOG_PAGE_SIZE))
  const page = Math.min(Math.max(1, requestedPage), pageCount)
  const rows: LogRow[] = await db.query(
    `SELECT "id", "created_at", "template", "recipient", "subject", "status", "attempts"
     FROM "email_messages"
     WHERE ($1::text IS NULL OR "status" = $1)
     ORDER BY "created_at" DESC, "id" DESC
     LIMIT $2 OFFSET $3`,
    [status, EMAIL_LOG_PAGE_SIZE, (page - 1) * EMAIL_LOG_PAGE_SIZE],
  )
  return { rows: rows.map(toRow), total, page, pageCount, pageSize: EMAIL_LOG_PAGE_SIZE, countsByStatus }
}

/** One email of the log, its body withheld when it holds a one-time link. Null for no such email. */
export async function emailDetails(db: EntityManager, { id }: { id: string }): Promise<EmailDetails | null> {
  if (!UUID.test(id)) return null
  const rows: (LogRow & { reply_to: string | null; updated_at: Date; sent_at: Date | null; last_error: string | null; body_purged_at: Date | null; html: string; text_body: string; attachment_names: string[] })[] = await db.query(
    `SELECT "id", "created_at", "updated_at", "sent_at", "template", "recipient", "reply_to", "subject", "status", "attempts", "last_error", "body_purged_at", "html", "text_body",
            ARRAY(SELECT jsonb_array_elements("attachments") ->> 'filename') AS "attachment_names"
     FROM "email_messages" WHERE "id" = $1`,
    [id],
  )
  const row = rows[0]
  if (!row) return null
  const hidden = row.body_purged_at !== null || containsOneTimeLink({ template: row.template, html: row.html, textBody: row.text_body })
  return {
    ...toRow(row),
    replyTo: row.reply_to,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    lastError: row.last_error,
    bodyPurgedAt: row.body_purged_at,
    body: hidden ? null : { html: row.html, text: row.text_body },
    attachmentNames: row.attachment_names,
  }
}
