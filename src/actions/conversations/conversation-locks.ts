import { QueryFailedError } from 'typeorm'
import { AppError } from '../../domain/errors.ts'
import { bookedOverlapSql, conversationStateOf, findConversationByToken, findConversationForApplication, type ConversationLinkState, type ConversationRow } from '../../queries/conversation-link.ts'
import { isWellFormedToken } from '../../services/tokens.ts'
import type { Tx } from '../tx.ts'

/** Which conversation a person acts on: the applicant by their link, or by their signed-in application; staff by the application. */
export type ConversationLocator = { token: string } | { applicationId: string }

/** What an applicant's action on a conversation did: nothing (and why) or the change. */
export interface ConversationResult {
  done: boolean
  state: ConversationLinkState
}

/** The time was booked by someone else a moment before, or has started. Nothing was written. */
export class TimeTakenError extends AppError {
  constructor() {
    super('That time has been taken')
  }
}

/** The conversation to act on, locked with its application, and where it stands now. */
export async function lockConversation(tx: Tx, locator: ConversationLocator, now: Date): Promise<{ row: ConversationRow | undefined; state: ConversationLinkState }> {
  if ('token' in locator && !isWellFormedToken(locator.token)) return { row: undefined, state: { kind: 'malformed' } }
  const row = 'token' in locator ? await findConversationByToken(tx.manager, locator.token, now, true) : await findConversationForApplication(tx.manager, locator.applicationId, now, true)
  return { row, state: conversationStateOf(row, now) }
}

/**
 * Books `slotId` for the conversation, or throws TimeTakenError: when another applicant holds it,
 * or holds a time that overlaps it (the community manager is in every conversation). Bookings
 * take turns under one advisory lock, so that two applicants booking overlapping times at once
 * cannot both see the other's time as free; two bookings of the very same time also meet at
 * conversations_booked_slot_key, and the second fails there.
 */
export async function holdTime(tx: Tx, row: ConversationRow, slotId: string, changes: { sequence: number }): Promise<void> {
  const time = row.times.find((each) => each.id === slotId)
  if (!time || !time.free) throw new TimeTakenError()
  await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('conversation-bookings'))`)
  // Read again under the lock: row.times was read before it.
  const [{ taken }]: [{ taken: boolean }] = await tx.manager.query(`SELECT ${bookedOverlapSql('$1', '$2', '$3')} AS taken`, [row.id, time.startsAt, time.endsAt])
  if (taken) throw new TimeTakenError()
  try {
    await tx.manager.query(
      `UPDATE conversations SET status = 'booked', slot_id = $2, sequence = $3, reminded_at = NULL, version = version + 1, updated_at = now() WHERE id = $1`,
      [row.id, slotId, changes.sequence],
    )
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'conversations_booked_slot_key') throw new TimeTakenError()
    throw error
  }
}
