import { APPLICANT_SIGN_IN, emailSignInLink } from '../../services/email-sign-in.ts'
import type { Action } from '../tx.ts'

/**
 * Someone asks for a link to see the applications made with `email` (lower-cased). The owner of
 * the address gets a sign-in link when they have applications, and otherwise an email saying
 * that we have none for this address (and no link), so a person who applied with another
 * address is not left waiting for an email that never comes. Either way the work is the same
 * (see emailSignInLink), so nobody learns which addresses have applied.
 */
export const sendSignInLink: Action<{ email: string }, void> = async (tx, { email }) => {
  const found: { applied: boolean }[] = await tx.manager.query(
    `SELECT EXISTS (SELECT 1 FROM "applications" WHERE "email" = $1 AND "erased_at" IS NULL) AS "applied"`,
    [email],
  )
  const applied = found[0]?.applied === true
  const minutes = APPLICANT_SIGN_IN.linkMinutes
  await emailSignInLink(tx, APPLICANT_SIGN_IN, email, (token) =>
    applied ? { template: 'applicant-sign-in', data: { token, minutes } } : { template: 'applicant-sign-in-no-application', data: { minutes } },
  )
}
