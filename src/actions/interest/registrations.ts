import type { EntityManager } from 'typeorm'
import { createToken } from '../../services/tokens.ts'
import { eraseEmails } from '../../services/erasure.ts'
import type { Actor, Tx } from '../tx.ts'

// What the interest actions share: the unsubscribe link every one of their emails carries, and
// deleting registrations with what was emailed to them.

/** Where an unsubscribe link points, after BASE_URL: the email's List-Unsubscribe header too. */
export const unsubscribePath = (token: string) => `/interest/unsubscribe/${token}`

/**
 * A new unsubscribe link for one email to `registrationId`: only its hash is stored, so each
 * email gets a token of its own, and every one of them unsubscribes the registration.
 */
export async function createUnsubscribeLink(manager: EntityManager, registrationId: string): Promise<string> {
  const { token, hash } = createToken()
  await manager.query(`INSERT INTO "interest_unsubscribe_links" ("token_hash", "registration_id") VALUES ($1, $2)`, [hash, registrationId])
  return token
}

/**
 * Deletes registrations (their roles, links and notices go with them) and what was emailed about
 * each (queued emails with their jobs; sent ones blanked), with an audit row each saying why.
 */
export async function deleteRegistrations(tx: Tx, actor: Actor, ids: readonly string[], action: string, note: string): Promise<void> {
  if (ids.length === 0) return
  await eraseEmails(tx.manager, `"key" LIKE 'interest-%' AND split_part("key", ':', 2) = ANY($1::text[])`, [ids])
  await tx.manager.query(`DELETE FROM "interest_registrations" WHERE "id" = ANY($1::uuid[])`, [ids])
  for (const id of ids) await tx.audit(actor, { action, subjectType: 'interest_registration', subjectId: id, note })
}
