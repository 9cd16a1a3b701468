import { CURRENT_EXECUTIVE_STATUSES } from '../domain/executive-status.ts'
import { APPLICANT_SIGN_IN, EXECUTIVE_SIGN_IN, signInLinkAddress } from '../services/email-sign-in.ts'
import type { Query } from './query.ts'

/** Whether an applicant's emailed link would still sign them in, without using it up. */
export const applicantSignInLinkUsable: Query<{ token: string }, boolean> = async (db, { token }) =>
  (await signInLinkAddress(db, APPLICANT_SIGN_IN, token)) !== null

/** The current executive with this address (the latest, should there be two), else null. */
export const currentExecutiveByEmail: Query<{ email: string }, { id: string; name: string } | null> = async (db, { email }) => {
  const rows: { id: string; name: string }[] = await db.query(
    `SELECT id, name FROM executives WHERE email = $1 AND status = ANY($2::text[]) ORDER BY created_at DESC LIMIT 1`,
    [email, CURRENT_EXECUTIVE_STATUSES],
  )
  return rows[0] ?? null
}

/** Whether an executive's emailed link would still sign them in: unused, and they are still current. */
export const executiveSignInLinkUsable: Query<{ token: string }, boolean> = async (db, { token }) => {
  const email = await signInLinkAddress(db, EXECUTIVE_SIGN_IN, token)
  return email !== null && (await currentExecutiveByEmail(db, { email })) !== null
}
