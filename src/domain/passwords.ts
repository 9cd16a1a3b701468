import { createRequire } from 'node:module'

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 256

const require = createRequire(import.meta.url)
let common: Set<string> | null = null

/**
 * About 18,000 of the most common passwords that are long enough to pass the length rule. Read
 * when a password is first checked: loading the package unpacks all of its word lists (tens of
 * megabytes, and a noticeable part of start-up) for a page few requests ever reach.
 */
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')
    common = new Set((dictionary['passwords-common'] as string[]).filter((password) => password.length >= PASSWORD_MIN_LENGTH))
  }
  return common
}

/**
 * NCSC and NIST advice: length over complexity, no composition rules, refuse the passwords
 * attackers try first. Returns an error message, or null when the password is acceptable.
 */
export function passwordProblem(password: string, person: { email?: string | null; name?: string | null } = {}): string | null {
  if (password.length === 0) return 'Enter a password'
  if ([...password].length < PASSWORD_MIN_LENGTH) return `Password must be ${PASSWORD_MIN_LENGTH} characters or more`
  if ([...password].length > PASSWORD_MAX_LENGTH) return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`
  const lower = password.toLowerCase()
  if (commonPasswords().has(lower)) return 'Password is too common. Try a few unrelated words together'
  if (person.email && lower === person.email.toLowerCase()) return 'Password must not be your email address'
  if (person.email && lower === person.email.toLowerCase().split('@')[0]) return 'Password must not be your email address'
  if (person.name && lower.replace(/\s/g, '') === person.name.toLowerCase().replace(/\s/g, '')) return 'Password must not be your name'
  if (/^(.)\1+$/.test(password)) return 'Password must not be one character repeated'
  return null
}
