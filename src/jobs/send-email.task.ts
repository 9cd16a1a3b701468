import { createHash } from 'node:crypto'
import type { Task } from 'graphile-worker'
import { preparedStatement } from '../db/prepared.ts'
import type { EmailAttachment, EmailStatus } from '../entities/email-message.entity.ts'
import type { Logger } from '../logger.ts'
import { openTokens, restoreOneTimeLinks, UnreadableLinksError } from '../mail/one-time-links.ts'
import type { SendEmailPayload } from '../mail/outbox.ts'
import { PermanentDeliveryError, type MailTransport } from '../mail/transport.ts'

export interface SendEmailDependencies {
  transport: MailTransport
  from: string
  logger: Logger
  /** Opens the one-time links the outbox sealed (MailService.linkKey). */
  linkKey: Buffer
}

interface ClaimedEmail {
  key: string
  recipient: string
  reply_to: string | null
  subject: string
  html: string
  text_body: string
  link_tokens: string | null
  headers: Record<string, string> | null
  attachments: EmailAttachment[] | null
}

const MAX_ERROR_LENGTH = 2_000

/** The same key always gives the same Message-ID, so a receiving server can spot a resend. */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^\s<>@]+?)>?\s*$/.exec(from)?.[1] ?? 'localhost'
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`
}

// SMTP replies often quote the address ("550 <ann@example.org> unknown"); graphile-worker logs
// and keeps the error we throw, and logs must hold no personal data. The row keeps the same text,
// which loses nothing: its recipient column says who the email was for.
function withoutAddresses(message: string): string {
  return message.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]')
}

function isPayload(payload: unknown): payload is SendEmailPayload {
  return typeof payload === 'object' && payload !== null && typeof (payload as SendEmailPayload).id === 'string'
}

/**
 * Delivers one email_messages row. A row already `sent` is left alone, so a job that runs again
 * (a retry after a crash, a duplicate) does not send it twice. On failure the row records the
 * attempt and the error and the job is retried with graphile-worker's back-off; after the last
 * attempt the row is `failed`, which admins see at /admin/emails. When the mail server refuses
 * the email for good (a 5xx reply, e.g. no such mailbox) the row is `failed` at once and the job
 * ends without a retry.
 */
export function createSendEmailTask({ transport, from, logger, linkKey }: SendEmailDependencies): Task {
  return async (payload, helpers) => {
    if (!isPayload(payload)) throw new Error('send_email needs a payload of { id }')
    const { id } = payload

    // On the job queue's own connections (helpers), not the app's pool: a burst of requests
    // holding every connection of that does not hold up the mail. The two statements of every
    // send are prepared (db/prepared.ts): planned once per connection.
    const prepared = <Row extends object>(sql: string) => helpers.withPgClient((client) => client.query<Row>(preparedStatement(sql, [id])))
    // Committed before sending: the attempt counts even if the process dies mid-send.
    const { rows: claimed } = await prepared<ClaimedEmail>(
      `UPDATE "email_messages"
       SET "status" = 'sending', "attempts" = "attempts" + 1, "updated_at" = now()
       WHERE "id" = $1 AND "status" <> 'sent'
       RETURNING "key", "recipient", "reply_to", "subject", "html", "text_body", "link_tokens", "headers", "attachments"`,
    )
    const email = claimed[0]
    if (!email) {
      const { rows } = await helpers.query<{ status: EmailStatus }>(`SELECT "status" FROM "email_messages" WHERE "id" = $1`, [id])
      // Sent already, or erased (e.g. at the applicant's request) since it was queued: nothing to do.
      logger.info({ emailId: id, status: rows[0]?.status ?? 'missing' }, 'Email not sent: already sent or no longer there')
      return
    }

    try {
      // The one-time links go back in only here, in memory, on the way out.
      const message = restoreOneTimeLinks(
        { subject: email.subject, html: email.html, text: email.text_body, headers: email.headers ?? {} },
        openTokens(email.link_tokens, linkKey),
      )
      await transport.send({
        from,
        to: email.recipient,
        ...(email.reply_to ? { replyTo: email.reply_to } : {}),
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: messageIdFor(email.key, from),
        headers: message.headers,
        ...(email.attachments?.length ? { attachments: email.attachments } : {}),
      })
    } catch (error) {
      const reason = withoutAddresses(error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH)
      // Links sealed with another key (SESSION_SECRET changed) will never open: no retry helps.
      const permanent = error instanceof PermanentDeliveryError || error instanceof UnreadableLinksError
      const final = permanent || helpers.job.attempts >= helpers.job.max_attempts
      await helpers.query(
        `UPDATE "email_messages" SET "status" = $2, "last_error" = $3, "updated_at" = now() WHERE "id" = $1`,
        [id, final ? 'failed' : 'queued', reason],
      )
      if (permanent) {
        const responseCode = error instanceof PermanentDeliveryError ? error.responseCode : undefined
        logger.warn({ emailId: id, attempt: helpers.job.attempts, responseCode }, 'Email cannot be sent; not retrying')
        // Returning completes the job: a retry would only be refused again.
        return
      }
      logger.warn(
        { emailId: id, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts },
        final ? 'Email failed for good' : 'Email not sent; will retry',
      )
      throw new Error(`Sending email ${id} failed: ${reason}`)
    }

    // Sent: the stored copy keeps only the redacted links.
    await prepared(`UPDATE "email_messages" SET "status" = 'sent', "sent_at" = now(), "last_error" = NULL, "link_tokens" = NULL, "updated_at" = now() WHERE "id" = $1`)
  }
}
