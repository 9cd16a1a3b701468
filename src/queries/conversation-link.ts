import type { EntityManager } from 'typeorm'
import type { ConversationHow, ConversationStatus, TimeRange } from '../domain/conversation.ts'
import { hashToken, isWellFormedToken } from '../services/tokens.ts'

/** A time offered in a conversation, and whether it may still be picked by this applicant. */
export interface OfferedTime extends TimeRange {
  id: string
  /** Taken: booked by another applicant, or overlapping a time another has booked; or already started. */
  free: boolean
}

/**
 * SQL: whether a conversation other than `except` is booked for a time overlapping `startsAt` to
 * `endsAt` (SQL expressions). The community manager is in every conversation, so overlapping
 * times cannot both be booked; the same time overlaps itself.
 */
export function bookedOverlapSql(except: string, startsAt: string, endsAt: string): string {
  return `EXISTS (SELECT 1 FROM conversations b JOIN conversation_slots bs ON bs.id = b.slot_id
            WHERE b.status = 'booked' AND b.id <> ${except} AND bs.starts_at < ${endsAt} AND bs.ends_at > ${startsAt})`
}

/**
 * The times a person may ask for: every time offered but the one already held. Whether it is
 * still free is the action's to say, under its lock (holdTime), so that a time taken since the
 * page was shown gets "just been taken", not "select a time".
 */
export function askableTimeIds(conversation: Pick<ConversationRow, 'times' | 'slotId'>): string[] {
  return conversation.times.filter((time) => time.id !== conversation.slotId).map((time) => time.id)
}

/** A conversation with its application and times, as its pages and actions read it. */
export interface ConversationRow {
  id: string
  applicationId: string
  reference: string
  fullName: string
  email: string | null
  status: ConversationStatus
  how: ConversationHow
  location: string
  note: string
  expiresAt: Date
  slotId: string | null
  suggestion: string | null
  cancelReason: string | null
  sequence: number
  version: number
  createdBy: string | null
  times: OfferedTime[]
  /** The booked time, when there is one. */
  booked: TimeRange | null
}

/** What a conversation link leads to now. */
export type ConversationLinkState =
  | { kind: 'malformed' }
  /** No conversation has it (mistyped, tampered with, or erased). */
  | { kind: 'unknown' }
  /** Every time offered has passed, or the booked one has. */
  | { kind: 'expired'; conversation: ConversationRow }
  | { kind: 'cancelled'; conversation: ConversationRow }
  | { kind: 'none_suit'; conversation: ConversationRow }
  | { kind: 'open'; conversation: ConversationRow }
  | { kind: 'booked'; conversation: ConversationRow }

interface RawRow {
  id: string
  application_id: string
  reference: string
  full_name: string | null
  email: string | null
  erased_at: Date | null
  status: ConversationStatus
  how: ConversationHow
  location: string
  note: string
  expires_at: Date
  slot_id: string | null
  suggestion: string | null
  cancel_reason: string | null
  sequence: number
  version: number
  created_by: string | null
}

/**
 * The conversation (with its times) found by `where` over c (conversations) and a (applications),
 * locked with its application when `forUpdate`.
 */
async function findConversation(db: EntityManager, where: string, params: unknown[], now: Date, forUpdate: boolean): Promise<ConversationRow | undefined> {
  const rows: RawRow[] = await db.query(
    `SELECT c.id, c.application_id, a.reference, a.full_name, a.email, a.erased_at, c.status, c.how, c.location, c.note, c.expires_at,
            c.slot_id, c.suggestion, c.cancel_reason, c.sequence, c.version, c.created_by
     FROM conversations c JOIN applications a ON a.id = c.application_id
     WHERE ${where}
     ORDER BY c.created_at DESC LIMIT 1${forUpdate ? ' FOR UPDATE OF c, a' : ''}`,
    params,
  )
  const row = rows[0]
  if (!row || row.erased_at) return undefined
  const times: { id: string; starts_at: Date; ends_at: Date; held_by_other: boolean }[] = await db.query(
    `SELECT s.id, s.starts_at, s.ends_at,
            ${bookedOverlapSql('$1', 's.starts_at', 's.ends_at')} AS held_by_other
     FROM conversation_offered_slots o JOIN conversation_slots s ON s.id = o.slot_id
     WHERE o.conversation_id = $1
     ORDER BY s.starts_at`,
    [row.id],
  )
  const offered = times.map((time) => ({ id: time.id, startsAt: time.starts_at, endsAt: time.ends_at, free: !time.held_by_other && time.starts_at > now }))
  let booked: TimeRange | null = null
  if (row.slot_id) {
    const slot: { starts_at: Date; ends_at: Date }[] = await db.query(`SELECT starts_at, ends_at FROM conversation_slots WHERE id = $1`, [row.slot_id])
    if (slot[0]) booked = { startsAt: slot[0].starts_at, endsAt: slot[0].ends_at }
  }
  return {
    id: row.id,
    applicationId: row.application_id,
    reference: row.reference,
    fullName: row.full_name ?? '',
    email: row.email,
    status: row.status,
    how: row.how,
    location: row.location,
    note: row.note,
    expiresAt: row.expires_at,
    slotId: row.slot_id,
    suggestion: row.suggestion,
    cancelReason: row.cancel_reason,
    sequence: row.sequence,
    version: row.version,
    createdBy: row.created_by,
    times: offered,
    booked,
  }
}

export function findConversationByToken(db: EntityManager, token: string, now: Date, forUpdate: boolean): Promise<ConversationRow | undefined> {
  return findConversation(db, 'c.token_hash = $1', [hashToken(token)], now, forUpdate)
}

/** The application's latest conversation (the one in progress, if any). */
export function findConversationForApplication(db: EntityManager, applicationId: string, now: Date, forUpdate: boolean): Promise<ConversationRow | undefined> {
  return findConversation(db, 'c.application_id = $1', [applicationId], now, forUpdate)
}

export function conversationStateOf(conversation: ConversationRow | undefined, now: Date): ConversationLinkState {
  if (!conversation) return { kind: 'unknown' }
  switch (conversation.status) {
    case 'cancelled':
      return { kind: 'cancelled', conversation }
    case 'none_suit':
      return { kind: 'none_suit', conversation }
    case 'booked':
      return conversation.booked && conversation.booked.startsAt > now ? { kind: 'booked', conversation } : { kind: 'expired', conversation }
    case 'offered':
      return conversation.expiresAt > now ? { kind: 'open', conversation } : { kind: 'expired', conversation }
  }
}

/** Where a conversation link stands. Reads only: a mail scanner following the link changes nothing. */
export async function conversationLinkState(db: EntityManager, { token, now = new Date() }: { token: string; now?: Date }): Promise<ConversationLinkState> {
  if (!isWellFormedToken(token)) return { kind: 'malformed' }
  return conversationStateOf(await findConversationByToken(db, token, now, false), now)
}

/** Where the application's latest conversation stands, for the applicant signed in at /my-application. */
export async function applicationConversationState(db: EntityManager, { applicationId, now = new Date() }: { applicationId: string; now?: Date }): Promise<ConversationLinkState> {
  return conversationStateOf(await findConversationForApplication(db, applicationId, now, false), now)
}
