// Verifying an NHS email address: which addresses count, and the rules for the 6-digit code.
// A verified address is a preference reviewers and matching can see, never a gate.

/** What the settings hold until an admin changes them. */
export const DEFAULT_NHS_EMAIL_DOMAINS = ['nhs.net', 'nhs.uk'] as const

export const NHS_EMAIL_CODE = {
  digits: 6,
  minutes: 10,
  /** Wrong codes allowed before the code stops working and a new one is needed. */
  maxTries: 5,
} as const

/** At most this many domains in the list: it is read on every NHS email page. */
export const MAX_NHS_EMAIL_DOMAINS = 50

// Labels of letters, digits and inner hyphens, at least two of them: "nhs.net", "leedsth.nhs.uk".
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

export function isDomainName(value: string): boolean {
  return DOMAIN.test(value)
}

/** The part of an address after the last @, lower-cased. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase()
}

/**
 * Whether an address is on an NHS domain: the domain is one on the list, or a subdomain of one
 * (a trust's "leedsth.nhs.uk" is under "nhs.uk"). "notnhs.net" is not under "nhs.net".
 */
export function isNhsEmail(email: string, domains: readonly string[]): boolean {
  if (!email.includes('@')) return false
  const domain = emailDomain(email)
  return domains.some((listed) => domain === listed || domain.endsWith(`.${listed}`))
}

/** The admins' list as typed (one a line, or separated by commas), tidied. */
export function parseDomainList(typed: string): { domains: string[]; invalid: string[] } {
  const entries = typed
    .split(/[\r\n,]+/)
    .map((entry) => entry.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean)
  const unique = [...new Set(entries)]
  return { domains: unique.filter(isDomainName), invalid: unique.filter((entry) => !isDomainName(entry)) }
}

export function isWellFormedCode(value: string): boolean {
  return new RegExp(`^\\d{${NHS_EMAIL_CODE.digits}}$`).test(value)
}

/** What became of a code someone typed. */
export type CodeOutcome =
  | { outcome: 'verified'; domain: string }
  | { outcome: 'wrong'; triesLeft: number }
  | { outcome: 'expired' }
  | { outcome: 'too-many-tries' }
  | { outcome: 'no-code' }

/** The check, given the stored code: too many tries first, then expiry, then the code itself. */
export function checkCode(
  stored: { codeHash: string; domain: string; expiresAt: Date; attempts: number } | null,
  typedHash: string,
  now: Date,
): CodeOutcome {
  if (!stored) return { outcome: 'no-code' }
  if (stored.attempts >= NHS_EMAIL_CODE.maxTries) return { outcome: 'too-many-tries' }
  if (stored.expiresAt.getTime() <= now.getTime()) return { outcome: 'expired' }
  if (stored.codeHash === typedHash) return { outcome: 'verified', domain: stored.domain }
  const triesLeft = NHS_EMAIL_CODE.maxTries - stored.attempts - 1
  return triesLeft > 0 ? { outcome: 'wrong', triesLeft } : { outcome: 'too-many-tries' }
}
