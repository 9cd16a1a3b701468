import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * One-time links (sign-in, draft resume, offer answers, staff invitation and password reset)
 * must never be at rest in clear: anyone who can read email_messages (a backup, a support query,
 * /admin/emails) could otherwise use them. So the outbox stores each email with its tokens
 * replaced by a placeholder, and the tokens themselves encrypted with AES-256-GCM; the worker
 * puts them back only to send, and then forgets them.
 *
 * A token is any run of exactly 43 base64url characters, the shape of every token we issue
 * (services/tokens.ts), in the rendered email or among its data. Something else of that shape
 * is only put back unchanged when sent, so a false match costs nothing.
 */
const TOKEN_IN_TEXT = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g
const TOKEN_VALUE = /^[A-Za-z0-9_-]{43}$/
const PLACEHOLDER = /\[one-time-link-(\d+)\]/g

export const placeholderFor = (index: number): string => `[one-time-link-${index + 1}]`

export interface EmailParts {
  subject: string
  html: string
  text: string
  /** Extra header fields, e.g. a List-Unsubscribe link: redacted and put back like the rest. */
  headers?: Record<string, string>
}

function mapHeaders(headers: Record<string, string> | undefined, change: (value: string) => string): { headers?: Record<string, string> } {
  return headers ? { headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, change(value)])) } : {}
}

/** Encrypts the tokens of queued emails; derived from SESSION_SECRET, so a database alone cannot open them. */
export function emailLinkKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'email-one-time-links', 'aes-256-gcm', 32))
}

function tokensIn(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') {
    if (TOKEN_VALUE.test(value)) found.add(value)
  } else if (Array.isArray(value)) {
    for (const each of value) tokensIn(each, found)
  } else if (value && typeof value === 'object') {
    for (const each of Object.values(value)) tokensIn(each, found)
  }
}

/** The email with every token replaced by a placeholder, and the tokens in placeholder order. */
export function redactOneTimeLinks(email: EmailParts, data: Record<string, unknown>): { redacted: EmailParts; tokens: string[] } {
  const found = new Set<string>()
  tokensIn(data, found)
  for (const part of [email.subject, email.html, email.text, ...Object.values(email.headers ?? {})]) for (const [token] of part.matchAll(TOKEN_IN_TEXT)) found.add(token)
  const tokens = [...found]
  if (tokens.length === 0) return { redacted: email, tokens }
  const redact = (part: string) => tokens.reduce((text, token, index) => text.replaceAll(token, placeholderFor(index)), part)
  return { redacted: { subject: redact(email.subject), html: redact(email.html), text: redact(email.text), ...mapHeaders(email.headers, redact) }, tokens }
}

/** The email as it is sent: each placeholder replaced by its token again. */
export function restoreOneTimeLinks(email: EmailParts, tokens: readonly string[]): EmailParts {
  if (tokens.length === 0) return email
  const restore = (part: string) => part.replace(PLACEHOLDER, (placeholder, number: string) => tokens[Number(number) - 1] ?? placeholder)
  return { subject: restore(email.subject), html: restore(email.html), text: restore(email.text), ...mapHeaders(email.headers, restore) }
}

/** Whether a stored email had a one-time link taken out of it. */
export function hasRedactedLink(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text)
}

/** iv, tag and ciphertext as one base64url string; null when there is nothing to keep. */
export function sealTokens(tokens: readonly string[], key: Buffer): string | null {
  if (tokens.length === 0) return null
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const sealed = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
}

export class UnreadableLinksError extends Error {}

/** The tokens sealed by sealTokens. Throws UnreadableLinksError for another key (SESSION_SECRET changed) or a changed value. */
export function openTokens(sealed: string | null, key: Buffer): string[] {
  if (sealed === null) return []
  try {
    const bytes = Buffer.from(sealed, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12))
    decipher.setAuthTag(bytes.subarray(12, 28))
    const tokens: unknown = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'))
    if (!Array.isArray(tokens) || !tokens.every((token) => typeof token === 'string')) throw new Error('not a list of tokens')
    return tokens
  } catch {
    throw new UnreadableLinksError('The one-time links of this email cannot be decrypted (was SESSION_SECRET changed?)')
  }
}
