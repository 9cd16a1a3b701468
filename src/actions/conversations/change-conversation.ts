import { tidyText } from '../../domain/text.ts'
import { nextStatus } from '../../domain/status-machine.ts'
import { CONVERSATION_TEXT_LIMIT, CONVERSATION_MACHINE } from '../../domain/conversation.ts'
import { conversationStateOf, findConversationForApplication } from '../../queries/conversation-link.ts'
import type { Action } from '../tx.ts'
import { emailParticipants } from './conversation-emails.ts'
import { holdTime, lockConversation, type ConversationLocator, type ConversationResult } from './conversation-locks.ts'

export interface RescheduleConversation {
  locator: ConversationLocator
  /** Another of the times offered, still free. */
  slotId: string
  reason: string
  now?: Date
}

/**
 * The applicant (with their link, or signed in at /my-application) or a community manager moves
 * a booked conversation to another of the times offered, with a reason. The old time is let go,
 * the new one held (TimeTakenError when it has just gone), it is audited, and everyone taking part
 * is emailed an updated calendar invitation: the same UID at the next SEQUENCE.
 */
export const rescheduleConversation: Action<RescheduleConversation, ConversationResult> = async (tx, { locator, slotId, reason, now = new Date() }, actor) => {
  const { row, state } = await lockConversation(tx, locator, now)
  if (state.kind !== 'booked' || !row) return { done: false, state }
  nextStatus(CONVERSATION_MACHINE, row.status, 'reschedule')
  if (slotId === row.slotId) return { done: false, state }
  const sequence = row.sequence + 1
  await holdTime(tx, row, slotId, { sequence })
  const words = tidyText(reason).slice(0, CONVERSATION_TEXT_LIMIT)
  await tx.audit(actor, { action: 'conversation.rescheduled', subjectType: 'application', subjectId: row.applicationId, fromStatus: 'booked', toStatus: 'booked', note: 'reason given' })
  const after = (await findConversationForApplication(tx.manager, row.applicationId, now, false))!
  await emailParticipants(tx, after, 'rescheduled', { when: after.booked!, sequence, reason: words, ...('token' in locator ? { token: locator.token } : {}) })
  return { done: true, state: conversationStateOf(after, now) }
}

export interface CancelConversation {
  locator: ConversationLocator
  reason: string
  now?: Date
}

/**
 * The applicant or a community manager cancels the conversation, with a reason. It is audited;
 * when a time was booked, everyone taking part is emailed a CANCEL calendar file of the same UID,
 * which takes the event out of their calendars; otherwise the applicant is told.
 */
export const cancelConversation: Action<CancelConversation, ConversationResult> = async (tx, { locator, reason, now = new Date() }, actor) => {
  const { row, state } = await lockConversation(tx, locator, now)
  if (!row || !['open', 'booked', 'none_suit'].includes(state.kind)) return { done: false, state }
  const status = nextStatus(CONVERSATION_MACHINE, row.status, 'cancel')
  const words = tidyText(reason).slice(0, CONVERSATION_TEXT_LIMIT)
  const sequence = row.sequence + 1
  await tx.manager.query(`UPDATE conversations SET status = $2, cancel_reason = $3, sequence = $4, version = version + 1, updated_at = now() WHERE id = $1`, [row.id, status, words, sequence])
  await tx.audit(actor, { action: 'conversation.cancelled', subjectType: 'application', subjectId: row.applicationId, fromStatus: row.status, toStatus: status, note: actor.type === 'staff' ? 'by staff' : 'by the applicant' })
  const after = (await findConversationForApplication(tx.manager, row.applicationId, now, false))!
  if (row.booked) {
    await emailParticipants(tx, after, 'cancelled', { when: row.booked, sequence, reason: words })
  } else if (row.email) {
    await tx.email({
      key: `conversation-cancelled:${row.id}:${sequence}:applicant`,
      to: row.email,
      template: 'conversation-cancelled',
      data: { name: row.fullName, forStaff: false, applicantName: row.fullName, reference: row.reference, when: '', reason: words },
    })
  }
  return { done: true, state: conversationStateOf(after, now) }
}
