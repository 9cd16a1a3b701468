import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { AppError } from '../domain/errors.ts'

export interface OutgoingEmail {
  from: string
  to: string
  /** Where replies go; without one a reply goes to `from`, a no-reply address. */
  replyTo?: string
  subject: string
  html: string
  text: string
  /** "<...@...>": the same email always gets the same Message-ID, so a resend can be recognised. */
  messageId: string
  /** Extra header fields, as queued (e.g. List-Unsubscribe). */
  headers?: Record<string, string>
  /** Files sent with it, as queued (a calendar invitation). */
  attachments?: { filename: string; contentType: string; content: string }[]
}

export interface MailTransport {
  /** Rejects with a PermanentDeliveryError when the server refuses this email for good. */
  send(email: OutgoingEmail): Promise<void>
  close(): void
}

/**
 * The mail server refused this email for good: a 5xx reply to RCPT TO (no such mailbox) or to
 * the message itself. Sending it again cannot help, unlike a 4xx reply or a lost connection.
 */
export class PermanentDeliveryError extends AppError {
  constructor(
    message: string,
    readonly responseCode: number,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** What nodemailer adds to the errors it raises for an SMTP reply. */
interface SmtpError extends Error {
  code?: string
  responseCode?: number
  command?: string
}

// A refused sender (MAIL FROM) or login is our configuration, the same for every email, so those
// keep being retried while someone fixes it; only the recipient and the message are this email's.
function isPermanentRejection(error: unknown): error is SmtpError & { responseCode: number } {
  if (!(error instanceof Error)) return false
  const { code, responseCode, command } = error as SmtpError
  return (
    typeof responseCode === 'number' &&
    responseCode >= 500 &&
    responseCode < 600 &&
    (code === 'EENVELOPE' || code === 'EMESSAGE') &&
    (command === 'RCPT TO' || command === 'DATA')
  )
}

/** Where mail goes, without any password in the URL. */
export function describeMailDestination(config: Config): string {
  if (!config.smtp.url) return `.eml files in ${mailboxDir(config)}`
  const url = new URL(config.smtp.url)
  return `SMTP at ${url.protocol}//${url.host}`
}

export function mailboxDir(config: Config): string {
  return path.join(config.dataDir, 'mail')
}

/** SMTP to SMTP_URL when it is set; otherwise each message is written to <dataDir>/mail as .eml. */
export function createMailTransport(config: Config, logger: Logger): MailTransport {
  logger.info(`Mail goes to ${describeMailDestination(config)}`)
  return config.smtp.url ? smtpTransport(config.smtp.url) : fileTransport(mailboxDir(config))
}

function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    // Connections are kept and reused (a few at once, each for up to 100 messages): a new
    // connection, greeting and QUIT for every email was most of the time each send took.
    pool: true,
    maxConnections: 8,
    maxMessages: 100,
    // Nodemailer waits minutes by default; a job should fail fast and be retried later instead.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return {
    async send(email) {
      try {
        await transporter.sendMail(email)
      } catch (error) {
        if (isPermanentRejection(error)) throw new PermanentDeliveryError(error.message, error.responseCode, { cause: error })
        throw error
      }
    },
    close: () => transporter.close(),
  }
}

function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    async send(email) {
      const info = await transporter.sendMail(email)
      await fs.mkdir(dir, { recursive: true })
      // Sortable by time; the Message-ID hash makes the name unique per email.
      const stamp = new Date().toISOString().replace(/[-:.]/g, '')
      const id = createHash('sha256').update(email.messageId).digest('hex').slice(0, 16)
      await fs.writeFile(path.join(dir, `${stamp}-${id}.eml`), info.message as Buffer)
    },
    close: () => transporter.close(),
  }
}
