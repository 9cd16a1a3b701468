import type { EntityManager } from 'typeorm'
import type { Action } from '../actions/tx.ts'
import { CURRENT_EXECUTIVE_STATUSES } from '../domain/executive-status.ts'
import type { Query } from '../queries/query.ts'
import { createToken, hashToken, isWellFormedToken } from './tokens.ts'

// The executive's emailed one-time sign-in to /my-onboarding, kept in this one file so that it
// can be swapped for a sign-in shared with /my-application.

export const EXECUTIVE_SIGN_IN_PURPOSE = 'executive-sign-in'
/** A link asked for at /my-onboarding works once, for this long. */
export const EXECUTIVE_LINK_MINUTES = 15
/** The link in the welcome email works once, for this long: a new executive may not look at once. */
export const WELCOME_LINK_DAYS = 7

async function currentExecutiveFor(manager: EntityManager, email: string): Promise<{ id: string; name: string } | null> {
  const rows: { id: string; name: string }[] = await manager.query(
    `SELECT id, name FROM executives WHERE email = $1 AND status = ANY($2::text[]) ORDER BY created_at DESC LIMIT 1`,
    [email, CURRENT_EXECUTIVE_STATUSES],
  )
  return rows[0] ?? null
}

/** Stores a new sign-in token's hash for `email` in the caller's transaction; the token goes into an email. */
export async function insertExecutiveSignInToken(manager: EntityManager, email: string, minutes: number): Promise<{ id: string; token: string }> {
  const { token, hash } = createToken()
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO one_time_tokens (token_hash, purpose, email, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(mins => $4))
     RETURNING id`,
    [hash, EXECUTIVE_SIGN_IN_PURPOSE, email, minutes],
  )
  return { id: inserted[0]!.id, token }
}

/**
 * Emails `email` (lower-cased) a sign-in link when it belongs to a current executive, and
 * otherwise an email saying there is no checklist for it. The same work either way: a token row
 * and an email, so neither the page nor its timing tells anyone who is an executive.
 */
export const sendExecutiveSignInLink: Action<{ email: string }, void> = async (tx, { email }) => {
  const executive = await currentExecutiveFor(tx.manager, email)
  const { id, token } = await insertExecutiveSignInToken(tx.manager, email, EXECUTIVE_LINK_MINUTES)
  await tx.email({
    key: `executive-sign-in:${id}`,
    template: 'executive-sign-in',
    to: email,
    // The unknown address's token is never sent: it only keeps the work the same.
    data: executive ? { name: executive.name, token, minutes: EXECUTIVE_LINK_MINUTES } : { name: null, token: null, minutes: EXECUTIVE_LINK_MINUTES },
  })
}

/** Whether a sign-in link would still work. Reads only: a mail scanner's GET uses nothing up. */
export const executiveSignInUsable: Query<{ token: string }, boolean> = async (db, { token }) => {
  if (!isWellFormedToken(token)) return false
  const rows: { usable: boolean }[] = await db.query(
    `SELECT EXISTS (
       SELECT 1 FROM one_time_tokens t
       JOIN executives e ON e.email = t.email AND e.status = ANY($3::text[])
       WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now()
     ) AS usable`,
    [hashToken(token), EXECUTIVE_SIGN_IN_PURPOSE, CURRENT_EXECUTIVE_STATUSES],
  )
  return rows[0]?.usable === true
}

/**
 * Uses the link up (one statement, so two requests cannot both win) and returns the executive's
 * id, or null. The audit row names the executive found, whoever the caller said was acting.
 */
export const redeemExecutiveSignIn: Action<{ token: string }, string | null> = async (tx, { token }) => {
  if (!isWellFormedToken(token)) return null
  const [rows]: [{ email: string }[], number] = await tx.manager.query(
    `UPDATE one_time_tokens SET used_at = now()
     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
     RETURNING email`,
    [hashToken(token), EXECUTIVE_SIGN_IN_PURPOSE],
  )
  const email = rows[0]?.email
  if (!email) return null
  const executive = await currentExecutiveFor(tx.manager, email)
  if (!executive) return null
  await tx.audit({ type: 'executive', id: executive.id }, { action: 'executive.signed-in', subjectType: 'executive', subjectId: executive.id })
  return executive.id
}
