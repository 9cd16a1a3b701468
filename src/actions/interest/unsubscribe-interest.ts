import { registrationForUnsubscribeLink } from '../../queries/interest.ts'
import { eraseEmails } from '../../services/erasure.ts'
import type { Action } from '../tx.ts'
import { deleteRegistrations } from './registrations.ts'

/**
 * Unsubscribing from an emailed link (a mail program's one-click button, or the page it opens):
 * deletes every registration of interest the address has, confirmed or waiting, with the emails
 * about them, at once. The audit keeps only that it happened. False when the link is unknown,
 * which includes one whose registration is already gone: unsubscribing twice is no error.
 */
export const unsubscribeInterest: Action<{ token: string }, boolean> = async (tx, { token }, actor) => {
  const registration = await registrationForUnsubscribeLink(tx.manager, token)
  if (!registration) return false
  const all: { id: string }[] = await tx.manager.query(`SELECT "id" FROM "interest_registrations" WHERE "email" = $1 FOR UPDATE`, [registration.email])
  await deleteRegistrations(tx, actor, all.map((row) => row.id), 'interest.unsubscribed', "deleted at the person's request")
  // And any other email about interest to the address (e.g. "you are already registered").
  await eraseEmails(tx.manager, `lower("recipient") = $1 AND "key" LIKE 'interest-%'`, [registration.email])
  return true
}
