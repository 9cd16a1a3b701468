import { findConversationForApplication } from '../../queries/conversation-link.ts'
import type { Action } from '../tx.ts'
import { emailParticipants } from './conversation-emails.ts'

/**
 * The day before each booked conversation (UK dates), emails everyone taking part a reminder with
 * the calendar invitation again. Sent once however many workers run, and however often: each
 * conversation is locked while it is reminded (a second worker skips it), marked reminded_at (a
 * moved conversation is reminded again), and each email is keyed by the conversation, its
 * SEQUENCE and the person. Returns how many conversations it reminded.
 */
export const sendConversationReminders: Action<{ now?: Date }, number> = async (tx, { now = new Date() }, actor) => {
  const due: { id: string; application_id: string }[] = await tx.manager.query(
    `SELECT c.id, c.application_id FROM conversations c JOIN conversation_slots s ON s.id = c.slot_id
     WHERE c.status = 'booked' AND c.reminded_at IS NULL AND s.starts_at > $1
       AND (s.starts_at AT TIME ZONE 'Europe/London')::date = ($1::timestamptz AT TIME ZONE 'Europe/London')::date + 1
     ORDER BY s.starts_at
     FOR UPDATE OF c SKIP LOCKED`,
    [now],
  )
  for (const { id, application_id: applicationId } of due) {
    const conversation = await findConversationForApplication(tx.manager, applicationId, now, false)
    if (!conversation || conversation.id !== id || !conversation.booked) continue
    await emailParticipants(tx, conversation, 'reminder', { when: conversation.booked, sequence: conversation.sequence })
    await tx.manager.query(`UPDATE conversations SET reminded_at = $2 WHERE id = $1`, [id, now])
    await tx.audit(actor, { action: 'conversation.reminded', subjectType: 'application', subjectId: applicationId })
  }
  return due.length
}
