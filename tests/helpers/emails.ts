import { openTokens, emailLinkKey, restoreOneTimeLinks } from '../../src/mail/one-time-links.ts'
import type { EmailMessage } from '../../src/entities/index.ts'
import { testConfig } from './app.ts'

/** The key every test app seals one-time links with (the test config's SESSION_SECRET). */
const LINK_KEY = emailLinkKey(testConfig().session.secret)

export interface StoredEmail {
  subject: string
  html: string
  text_body: string
  link_tokens: string | null
}

/**
 * An outbox row as the worker sends it, its one-time links put back: the stored row holds only
 * placeholders, so this is how a test follows a link someone was emailed.
 */
export function asSent<T extends StoredEmail>(row: T): T {
  const sent = restoreOneTimeLinks({ subject: row.subject, html: row.html, text: row.text_body }, openTokens(row.link_tokens, LINK_KEY))
  return { ...row, subject: sent.subject, html: sent.html, text_body: sent.text }
}

/** The plain text of an outbox entity as sent, its one-time links in place. */
export function sentText(email: Pick<EmailMessage, 'subject' | 'html' | 'textBody' | 'linkTokens'>): string {
  return asSent({ subject: email.subject, html: email.html, text_body: email.textBody, link_tokens: email.linkTokens }).text_body
}
