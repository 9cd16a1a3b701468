import { normaliseRecoveryCode, normaliseTotpCode } from '../domain/second-factor.ts'
import { asString, type Errors, type Parsed } from './validation.ts'

/** The 6-digit code from an authenticator app, in the field `code`. */
export function parseTotpCode(body: Record<string, unknown>): Parsed<{ code: string }> {
  const typed = asString(body.code).trim()
  const errors: Errors = {}
  if (!typed) errors.code = 'Enter the 6-digit code from your authenticator app'
  else if (!normaliseTotpCode(typed)) errors.code = 'The code must be 6 digits, like 123456'
  return { values: { code: typed }, errors }
}

/** A recovery code like 4K7M-Q9TX-RW2C, in the field `recoveryCode`. */
export function parseRecoveryCode(body: Record<string, unknown>): Parsed<{ recoveryCode: string }> {
  const typed = asString(body.recoveryCode).trim()
  const errors: Errors = {}
  if (!typed) errors.recoveryCode = 'Enter one of your recovery codes'
  else if (!normaliseRecoveryCode(typed)) errors.recoveryCode = 'A recovery code is 12 letters and numbers, like 4K7M-Q9TX-RW2C'
  return { values: { recoveryCode: typed }, errors }
}
