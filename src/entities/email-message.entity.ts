import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'

/** A file attached to an email, as stored in the outbox and handed to Nodemailer. */
export interface EmailAttachment {
  filename: string
  contentType: string
  content: string
}

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed'

/**
 * The outbox: one row per email, written in the same transaction as the change that causes it.
 * The send_email job delivers it; the row is the log admins read at /admin/emails.
 */
@Entity({ name: 'email_messages' })
@Index('email_messages_key_key', ['key'], { unique: true })
@Index('email_messages_created_at_idx', ['createdAt'])
// A board member's new-application emails, for the half-hour quiet window (migration 1767300000000).
@Index('email_messages_new_application_idx', ['recipient', 'createdAt'], { where: `"template" = 'new-application'` })
@Check('email_messages_status_check', `"status" IN ('queued', 'sending', 'sent', 'failed')`)
@Check('email_messages_attempts_check', `"attempts" >= 0`)
@Check('email_messages_reply_to_check', `"reply_to" LIKE '%_@_%' AND "reply_to" !~ '[[:space:]<>,;]'`)
@Check('email_messages_headers_check', `jsonb_typeof("headers") = 'object'`)
@Check('email_messages_attachments_check', `jsonb_typeof("attachments") = 'array'`)
export class EmailMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string

  /** Idempotency key, e.g. "application-received:<applicationId>": one email per key, ever. */
  @Column({ type: 'text' })
  key: string

  @Column({ type: 'text' })
  template: string

  @Column({ type: 'text' })
  recipient: string

  /** Where a reply goes (the community's contact address when queued); null for emails queued before there was one. */
  @Column({ name: 'reply_to', type: 'text', nullable: true })
  replyTo: string | null

  @Column({ type: 'text' })
  subject: string

  @Column({ type: 'text' })
  html: string

  @Column({ name: 'text_body', type: 'text' })
  textBody: string

  /** Extra header fields to send it with (e.g. List-Unsubscribe), one-time links redacted as in the bodies. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>

  /** Files sent with it (a calendar invitation), content as text. They never hold a one-time link. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: EmailAttachment[]

  /** The email's one-time tokens, encrypted (mail/one-time-links.ts); null once sent, or when it has none. */
  @Column({ name: 'link_tokens', type: 'text', nullable: true })
  linkTokens: string | null

  @Column({ type: 'text', default: 'queued' })
  status: EmailStatus

  @Column({ type: 'integer', default: 0 })
  attempts: number

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null

  /** When the retention job removed the bodies of this sent email; the row keeps that it was sent. */
  @Column({ name: 'body_purged_at', type: 'timestamptz', nullable: true })
  bodyPurgedAt: Date | null
}
