/** Words as people count them: runs of non-space characters. */
export function countWords(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length
}

/** Trims and folds internal runs of spaces in a one-line answer. */
export function tidyLine(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : ''
}

/** Trims a multi-line answer and normalises line endings. */
export function tidyText(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : ''
}

/** Lower-cased, trimmed email: the form in which addresses are compared. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase()
}

// The HTML standard's rule for <input type="email"> (what browsers check), which SMTP servers
// accept, where a looser pattern let through addresses that every server refuses.
const WHATWG_EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

/**
 * An address a mail server will take: the HTML standard's rule, plus what SMTP adds (RFC 5321:
 * at most 64 characters before the @ and 254 in all, no dot at either end of the local part or
 * two together) and a dot in the domain (an address on a bare host name reaches nobody here).
 */
export function isEmail(value: string): boolean {
  if (value.length > 254 || !WHATWG_EMAIL.test(value)) return false
  const at = value.lastIndexOf('@')
  const local = value.slice(0, at)
  const domain = value.slice(at + 1)
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false
  return domain.includes('.')
}
