import { tidyText } from '../../domain/text.ts'
import { nextStatus } from '../../domain/status-machine.ts'
import { CONVERSATION_TEXT_LIMIT, formatTimeRange, CONVERSATION_MACHINE } from '../../domain/conversation.ts'
import { conversationStateOf, findConversationByToken } from '../../queries/conversation-link.ts'
import type { Action } from '../tx.ts'
import { emailParticipants, participantsOf } from './conversation-emails.ts'
import { holdTime, lockConversation, type ConversationResult } from './conversation-locks.ts'

export interface PickConversationTime {
  /** The token from the link in the invitation email. */
  token: string
  slotId: string
  now?: Date
}

/**
 * The applicant picks one of the times offered, with their link. In one transaction the time is
 * held for them (TimeTakenError when another applicant has just booked it: nothing is written,
 * and the page shows the times left) and everyone taking part is emailed, with the calendar
 * invitation. A link that is not open changes nothing and says why.
 */
export const pickConversationTime: Action<PickConversationTime, ConversationResult> = async (tx, { token, slotId, now = new Date() }, actor) => {
  const { row, state } = await lockConversation(tx, { token }, now)
  if (state.kind !== 'open' || !row) return { done: false, state }
  nextStatus(CONVERSATION_MACHINE, row.status, 'pick')
  await holdTime(tx, row, slotId, { sequence: row.sequence })
  const time = row.times.find((each) => each.id === slotId)!
  await tx.audit(actor, { action: 'conversation.booked', subjectType: 'application', subjectId: row.applicationId, toStatus: 'booked' })
  const booked = (await findConversationByToken(tx.manager, token, now, false))!
  await emailParticipants(tx, booked, 'booked', { when: time, sequence: row.sequence, token })
  return { done: true, state: conversationStateOf(booked, now) }
}

export interface SayNoTimeSuits {
  token: string
  /** Times that would suit, in the applicant's words. */
  suggestion: string
  now?: Date
}

/** None of the times suits the applicant: they say so with their link, suggesting others, and the community manager who offered them is emailed. */
export const sayNoTimeSuits: Action<SayNoTimeSuits, ConversationResult> = async (tx, { token, suggestion, now = new Date() }, actor) => {
  const { row, state } = await lockConversation(tx, { token }, now)
  if (state.kind !== 'open' || !row) return { done: false, state }
  const words = tidyText(suggestion).slice(0, CONVERSATION_TEXT_LIMIT)
  await tx.manager.query(`UPDATE conversations SET status = 'none_suit', suggestion = $2, version = version + 1, updated_at = now() WHERE id = $1`, [row.id, words])
  await tx.audit(actor, { action: 'conversation.none_suit', subjectType: 'application', subjectId: row.applicationId, fromStatus: 'offered', toStatus: 'none_suit' })
  for (const person of (await participantsOf(tx, row)).filter((each) => each.id === row.createdBy)) {
    await tx.email({
      key: `conversation-none-suit:${row.id}:${person.id}`,
      to: person.email,
      template: 'conversation-none-suit',
      data: { name: person.name, reference: row.reference, suggestion: words, times: row.times.map(formatTimeRange) },
    })
  }
  const after = (await findConversationByToken(tx.manager, token, now, false))!
  return { done: true, state: conversationStateOf(after, now) }
}
