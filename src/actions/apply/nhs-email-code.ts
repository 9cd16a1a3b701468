// Verifying an NHS email address in the application: sending the 6-digit code, and checking it.
// The code row belongs to the application form (its formId), so a code works only in the
// browser that asked for it.
import { randomInt, randomUUID } from 'node:crypto'
import { checkCode, emailDomain, NHS_EMAIL_CODE, type CodeOutcome } from '../../domain/nhs-email.ts'
import { NhsEmailCode } from '../../entities/index.ts'
import { hashToken } from '../../services/tokens.ts'
import type { Action } from '../tx.ts'

// Salted with the form's id: the same six digits hash differently for every form.
function codeHash(formId: string, code: string): string {
  return hashToken(`${formId}:${code}`)
}

/**
 * Sends a new code to `email` (lower-cased, already checked to be on an NHS domain), replacing
 * any earlier code of this form and its tries.
 */
export const sendNhsEmailCode: Action<{ formId: string; email: string; now?: Date }, void> = async (tx, input) => {
  const now = input.now ?? new Date()
  const code = String(randomInt(0, 10 ** NHS_EMAIL_CODE.digits)).padStart(NHS_EMAIL_CODE.digits, '0')
  await tx.manager.upsert(
    NhsEmailCode,
    {
      formId: input.formId,
      email: input.email,
      domain: emailDomain(input.email),
      codeHash: codeHash(input.formId, code),
      attempts: 0,
      expiresAt: new Date(now.getTime() + NHS_EMAIL_CODE.minutes * 60 * 1000),
      createdAt: now,
    },
    ['formId'],
  )
  await tx.email({
    key: `nhs-email-code:${randomUUID()}`,
    template: 'nhs-email-code',
    to: input.email,
    data: { code, minutes: NHS_EMAIL_CODE.minutes },
  })
}

/**
 * Checks a typed code. A wrong one uses up a try; the right one verifies the domain and the
 * code row goes, so it cannot be used again.
 */
export const checkNhsEmailCode: Action<{ formId: string; code: string; now?: Date }, CodeOutcome> = async (tx, input) => {
  const now = input.now ?? new Date()
  // FOR UPDATE: two guesses at once each use up a try.
  const row = await tx.manager.findOne(NhsEmailCode, { where: { formId: input.formId }, lock: { mode: 'pessimistic_write' } })
  const outcome = checkCode(row, codeHash(input.formId, input.code), now)
  if (outcome.outcome === 'verified') await tx.manager.delete(NhsEmailCode, { formId: input.formId })
  else if (row && (outcome.outcome === 'wrong' || (outcome.outcome === 'too-many-tries' && row.attempts < NHS_EMAIL_CODE.maxTries))) {
    await tx.manager.increment(NhsEmailCode, { formId: input.formId }, 'attempts', 1)
  }
  return outcome
}
