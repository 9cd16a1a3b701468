import type { EntityManager } from 'typeorm'
import type { Config } from '../config.ts'
import { queryPrepared } from '../db/prepared.ts'
import type { EmailAttachment } from '../entities/email-message.entity.ts'
import { redactOneTimeLinks, sealTokens, emailLinkKey } from './one-time-links.ts'
import { emailContext, renderEmail, type EmailContext } from './templates.ts'

export const SEND_EMAIL_TASK = 'send_email'
// graphile-worker waits exp(attempts) seconds between tries: 12 attempts spread over about a
// day, so an SMTP outage of that length loses nothing.
export const SEND_EMAIL_MAX_ATTEMPTS = 12

export interface EmailToQueue {
  /** Stable idempotency key, e.g. `application-received:${application.id}`. One email per key, ever. */
  key: string
  /** A template in views/emails: <template>.subject.ejs, .html.ejs and .text.ejs. */
  template: string
  to: string
  /** The template's own locals. Only what the email needs: it is stored until retention removes it. */
  data: Record<string, unknown>
  /** Extra header fields, e.g. `List-Id`. One-time links in them are stored redacted, as in the bodies. */
  headers?: Record<string, string>
  /**
   * The path (after BASE_URL) of a one-click unsubscribe link: the email then carries
   * `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so that
   * mail programs can offer an unsubscribe button that POSTs to it.
   */
  unsubscribePath?: string
  /** Files to send with it, e.g. a calendar invitation. Stored as given: they must hold no one-time link. */
  attachments?: EmailAttachment[]
}

// Header fields the transport writes itself, which an email may not set.
const RESERVED_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'reply-to', 'subject', 'date', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding'])

/** The email's extra header fields, checked: no line breaks (header injection), none the transport sets. */
export function emailHeaders(message: Pick<EmailToQueue, 'key' | 'headers' | 'unsubscribePath'>, baseUrl: string): Record<string, string> {
  const headers: Record<string, string> = { ...message.headers }
  if (message.unsubscribePath !== undefined) {
    if (!message.unsubscribePath.startsWith('/')) throw new Error(`Email "${message.key}": the unsubscribe path must start with /`)
    headers['List-Unsubscribe'] = `<${baseUrl}${message.unsubscribePath}>`
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) throw new Error(`Email "${message.key}" may not set the header "${name}"`)
    if (/[\r\n]/.test(value)) throw new Error(`Email "${message.key}": the header "${name}" has a line break`)
  }
  return headers
}

const TOKEN_SHAPE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/

/** The email's attachments, checked: a safe file name and type, and no one-time link (they are stored in clear). */
function checkedAttachments(message: Pick<EmailToQueue, 'key' | 'attachments'>): EmailAttachment[] {
  const attachments = message.attachments ?? []
  for (const { filename, contentType, content } of attachments) {
    if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,100}$/.test(filename)) throw new Error(`Email "${message.key}": the attachment name "${filename}" is not allowed`)
    if (/[\r\n]/.test(contentType)) throw new Error(`Email "${message.key}": the attachment type has a line break`)
    if (TOKEN_SHAPE.test(content)) throw new Error(`Email "${message.key}": the attachment "${filename}" holds what looks like a one-time link`)
  }
  return attachments
}

export interface QueuedEmail {
  id: string
  /** False when an email with this key was queued before; nothing new was queued. */
  created: boolean
}

export interface SendEmailPayload {
  id: string
}

/**
 * Renders the email and writes it to the outbox with its send_email job, both in the
 * transaction of `manager`: if that transaction rolls back, neither exists. Every email comes
 * from a no-reply address and carries Reply-To: the community's contact address, so that
 * whoever replies (some emails ask them to) reaches a person. When `manager` is
 * not in a transaction, one is opened so that the row and the job still commit together.
 * One-time links are stored redacted, their tokens sealed with `linkKey` (mail/one-time-links.ts).
 */
export async function enqueueEmail(manager: EntityManager, message: EmailToQueue, context: EmailContext, linkKey: Buffer): Promise<QueuedEmail> {
  if (!message.key.trim()) throw new Error('An email needs a key')
  if (!message.to.includes('@')) throw new Error(`Email "${message.key}" has no valid recipient`)
  const headers = emailHeaders(message, context.baseUrl)
  const attachments = checkedAttachments(message)
  const { redacted: rendered, tokens } = redactOneTimeLinks({ ...(await renderEmail(message.template, message.data, context)), headers }, message.data)

  // The row and its send_email job in one statement (one round trip); a key queued before gives
  // neither, and the id of the row it gave then.
  const insert = async (transaction: EntityManager): Promise<QueuedEmail> => {
    const inserted = await queryPrepared<{ id: string }>(
      transaction,
      `WITH "queued" AS (
         INSERT INTO "email_messages" ("key", "template", "recipient", "reply_to", "subject", "html", "text_body", "link_tokens", "headers", "attachments")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT ("key") DO NOTHING
         RETURNING "id"
       )
       SELECT "queued"."id" FROM "queued"
       CROSS JOIN LATERAL graphile_worker.add_job($11, json_build_object('id', "queued"."id"::text), job_key := $11 || ':' || "queued"."id"::text, max_attempts := $12) AS "job"`,
      [message.key, message.template, message.to, context.contactEmail || null, rendered.subject, rendered.html, rendered.text, sealTokens(tokens, linkKey), JSON.stringify(rendered.headers ?? {}), JSON.stringify(attachments), SEND_EMAIL_TASK, SEND_EMAIL_MAX_ATTEMPTS],
    )
    const row = inserted[0]
    if (!row) {
      const existing: { id: string }[] = await transaction.query(`SELECT "id" FROM "email_messages" WHERE "key" = $1`, [message.key])
      if (!existing[0]) throw new Error(`Email "${message.key}" was neither queued nor found`)
      return { id: existing[0].id, created: false }
    }
    return { id: row.id, created: true }
  }

  if (manager.queryRunner?.isTransactionActive) return insert(manager)
  return manager.transaction(insert)
}

/** Queues email from inside a service's transaction; the community's name and contact come from settings. */
export class MailService {
  /** Seals the one-time links of queued emails; the worker opens them with the same key. */
  readonly linkKey: Buffer

  constructor(private readonly config: Config) {
    this.linkKey = emailLinkKey(config.session.secret)
  }

  /** Call with the EntityManager of the transaction that makes the change the email reports. */
  async enqueue(manager: EntityManager, message: EmailToQueue): Promise<QueuedEmail> {
    return enqueueEmail(manager, message, await this.context(manager), this.linkKey)
  }

  /** The locals every email gets, read through `manager` so that it sees the caller's transaction. */
  async context(manager: EntityManager): Promise<EmailContext> {
    const rows = await queryPrepared<EmailSettings>(manager, `SELECT ${EMAIL_SETTINGS_COLUMNS} FROM "settings" WHERE "id" = 1`, [])
    const settings = rows[0]
    if (!settings) throw new Error('The settings row is missing: run the seed (npm run seed)')
    return this.contextFrom(settings)
  }

  /** The locals every email gets, from email settings already read (EMAIL_SETTINGS_COLUMNS). */
  contextFrom(settings: EmailSettings): EmailContext {
    return emailContext(settings, this.config.baseUrl)
  }
}

/** The settings row's columns that emails need (EMAIL_SETTINGS_COLUMNS selects them). */
export type EmailSettings = Pick<EmailContext, 'communityName' | 'contactEmail' | 'websiteUrl' | 'slackInviteUrl' | 'codeOfConductUrl'>

/**
 * The settings columns the emails need, as a select list (of the settings row, aliased `s` or
 * not): an action that reads the settings row anyway selects these with its own columns and
 * hands them to tx.useEmailSettings, which saves the transaction a statement.
 */
export const EMAIL_SETTINGS_COLUMNS = `"community_name" AS "communityName", "contact_email" AS "contactEmail", "website_url" AS "websiteUrl",
       "slack_invite_url" AS "slackInviteUrl", "code_of_conduct_url" AS "codeOfConductUrl"`
