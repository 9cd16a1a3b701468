import { AppError } from '../../domain/errors.ts'
import { CONVERSATION_HOW_LABELS, formatTimeRange, LIVE_CONVERSATION_STATUSES, MAX_SLOTS, MIN_SLOTS, overlaps, type ConversationHow, type TimeRange } from '../../domain/conversation.ts'
import { createToken } from '../../services/tokens.ts'
import { applicationForDecision, type DecisionOn } from '../decisions/decision.ts'
import type { Action } from '../tx.ts'
import { howInWords } from './conversation-emails.ts'

export interface OfferConversationTimes extends DecisionOn {
  times: TimeRange[]
  how: ConversationHow
  /** The video link or the address; ignored for a phone call. */
  location: string
  note: string
  /** Board members who will join. */
  boardMemberIds: string[]
  now?: Date
}

/** Some times overlap a conversation already booked with another applicant. Nothing was written. */
export class TimesUnavailableError extends AppError {
  constructor(readonly indexes: number[]) {
    super(`${indexes.length} of the times overlap a booked conversation`)
  }
}

/**
 * A community manager invites the applicant to a conversation, offering 2 to 6 times. In one
 * transaction: a shortlisted application moves to `interview` (one already there, whose earlier
 * conversation was cancelled or suited no one, stays), the times are kept (a time already offered
 * to someone else is shared, and goes to whoever books it first), the conversation and its
 * one-time link are made, and the applicant is emailed the link. A conversation in which no time
 * suited the applicant is closed by the new one.
 */
export const offerConversationTimes: Action<OfferConversationTimes, { conversationId: string }> = async (tx, input, actor) => {
  const now = input.now ?? new Date()
  const times = [...input.times].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
  if (times.length < MIN_SLOTS || times.length > MAX_SLOTS) throw new Error(`A conversation offers ${MIN_SLOTS} to ${MAX_SLOTS} times`)
  if (times.some((time) => time.startsAt <= now || time.endsAt <= time.startsAt)) throw new Error('Every time offered must be in the future')
  if (times.some((time, index) => times.slice(index + 1).some((other) => overlaps(time, other)))) throw new Error('The times offered overlap')

  const application = await applicationForDecision(tx, input)
  if (application.status === 'shortlisted') {
    await tx.transition(application, 'invite_to_interview', actor, { note: `${times.length} times offered` })
  } else if (application.status === 'interview') {
    await tx.manager.query(`UPDATE applications SET version = version + 1, updated_at = now() WHERE id = $1`, [application.id])
  } else {
    throw new Error(`An application that is ${application.status} cannot be offered conversation times`)
  }
  await tx.manager.query(
    `UPDATE conversations SET status = 'cancelled', cancel_reason = 'New times offered', version = version + 1, updated_at = now()
     WHERE application_id = $1 AND status = 'none_suit'`,
    [application.id],
  )
  const live: unknown[] = await tx.manager.query(`SELECT 1 FROM conversations WHERE application_id = $1 AND status = ANY($2::text[])`, [application.id, LIVE_CONVERSATION_STATUSES])
  if (live.length > 0) throw new Error('This application has a conversation in progress')

  const booked: { starts_at: Date; ends_at: Date }[] = await tx.manager.query(
    `SELECT s.starts_at, s.ends_at FROM conversations c JOIN conversation_slots s ON s.id = c.slot_id
     WHERE c.status = 'booked' AND s.ends_at > $1 AND s.starts_at < $2`,
    [times[0]!.startsAt, times.at(-1)!.endsAt],
  )
  const clashes = input.times
    .map((time, index) => ({ time, index }))
    .filter(({ time }) => booked.some((other) => overlaps(time, { startsAt: other.starts_at, endsAt: other.ends_at })))
    .map(({ index }) => index)
  if (clashes.length > 0) throw new TimesUnavailableError(clashes)

  const { token, hash } = createToken()
  const expiresAt = times.at(-1)!.startsAt
  const how = input.how
  const location = how === 'phone' ? '' : input.location
  const [conversation]: { id: string }[] = await tx.manager.query(
    `INSERT INTO conversations (application_id, how, location, note, token_hash, expires_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [application.id, how, location, input.note, hash, expiresAt, actor.id],
  )
  for (const time of times) {
    // The same time offered to several applicants is one slot: whoever books it first holds it.
    const [slot]: { id: string }[] = await tx.manager.query(
      `INSERT INTO conversation_slots (starts_at, ends_at, created_by) VALUES ($1, $2, $3)
       ON CONFLICT (starts_at, ends_at) DO UPDATE SET starts_at = EXCLUDED.starts_at RETURNING id`,
      [time.startsAt, time.endsAt, actor.id],
    )
    await tx.manager.query(`INSERT INTO conversation_offered_slots (conversation_id, slot_id) VALUES ($1, $2)`, [conversation!.id, slot!.id])
  }
  await tx.manager.query(
    `INSERT INTO conversation_staff (conversation_id, staff_user_id)
     SELECT $1, s.id FROM staff_users s WHERE s.id = ANY($2::uuid[]) AND s.active AND 'board-member' = ANY(s.roles)`,
    [conversation!.id, input.boardMemberIds],
  )
  await tx.audit(actor, { action: 'conversation.offered', subjectType: 'application', subjectId: application.id, note: `${times.length} times, ${CONVERSATION_HOW_LABELS[how].toLowerCase()}` })

  if (application.email) {
    await tx.email({
      key: `conversation-times:${conversation!.id}`,
      to: application.email,
      template: 'conversation-times',
      data: {
        fullName: application.fullName,
        reference: application.reference,
        times: times.map(formatTimeRange),
        how,
        howText: howInWords(how),
        location,
        note: input.note,
        token,
        respondBy: formatTimeRange(times.at(-1)!).split(',')[0],
      },
    })
  }
  return { conversationId: conversation!.id }
}
