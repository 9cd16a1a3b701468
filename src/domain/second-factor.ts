import { randomInt } from 'node:crypto'
import { REFERENCE_ALPHABET } from './reference.ts'

/**
 * A second factor for staff who sign in with a password: an authenticator app (TOTP, RFC 6238:
 * 6 digits, a 30-second step, one step of drift either way, each code used once), and ten
 * one-time recovery codes for a lost device.
 */
export const TOTP = { digits: 6, periodSeconds: 30, driftSteps: 1 } as const

export const RECOVERY_CODE_COUNT = 10
const RECOVERY_CODE_LENGTH = 12

/** How a staff member signed in this time: the policy asks for 'sso' or a second factor. */
export type StaffSignInMethod = 'password' | 'password-and-code' | 'password-and-recovery-code' | 'sso'

/** Whether this sign-in must set up a second factor before anything else (the policy is on, and it used only a password). */
export function mustSetUpSecondFactor(method: StaffSignInMethod | undefined, policyOn: boolean): boolean {
  return policyOn && (method === undefined || method === 'password')
}

/** A code from an authenticator app, spaces allowed ("123 456"); null when it is not 6 digits. */
export function normaliseTotpCode(typed: string): string | null {
  const compact = typed.replace(/[\s-]/g, '')
  return new RegExp(`^\\d{${TOTP.digits}}$`).test(compact) ? compact : null
}

/** A recovery code like 4K7M-Q9TX-RW2C: 12 characters of the reference alphabet (about 58 bits). */
export function generateRecoveryCode(random: (max: number) => number = randomInt): string {
  const characters = Array.from({ length: RECOVERY_CODE_LENGTH }, () => REFERENCE_ALPHABET[random(REFERENCE_ALPHABET.length)]).join('')
  return characters.match(/.{4}/g)!.join('-')
}

export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>()
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(generateRecoveryCode())
  return [...codes]
}

/** A typed recovery code as it is hashed: capitals, no spaces or dashes; null when it cannot be one. */
export function normaliseRecoveryCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '')
  if (compact.length !== RECOVERY_CODE_LENGTH || [...compact].some((c) => !REFERENCE_ALPHABET.includes(c))) return null
  return compact
}

/** The secret in groups of four, as people copy it into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)!.join(' ')
}

/**
 * A QR code's dark modules (rows of booleans) as one SVG path, a 1-unit square for each, so the
 * page can draw it with no image file and nothing to escape but digits and letters.
 */
export function qrPath(modules: boolean[][]): string {
  const parts: string[] = []
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`)
    })
  })
  return parts.join('')
}
