import type { EntityManager } from 'typeorm'
import type { ApplicationStatus } from '../domain/application-status.ts'
import type { ConversationRecommendation, TimeRange } from '../domain/conversation.ts'
import { suitingTimes } from './availability.ts'
import { findConversationForApplication, type ConversationRow } from './conversation-link.ts'
import { decisionTally, type Tally } from './decision-page.ts'

export interface ConversationNoteView {
  staffUserId: string
  name: string
  notes: string
  recommendation: ConversationRecommendation
  submitted: boolean
}

export interface ConversationPage {
  application: { id: string; reference: string; version: number; status: ApplicationStatus; fullName: string }
  tally: Tally
  /** Whether times may be offered now: shortlisted, or invited with no conversation in progress. */
  canOffer: boolean
  conversation: ConversationRow | null
  /** Who takes part, the applicant aside: the community manager who offered the times first. */
  staff: { id: string; name: string }[]
  /** Active board members who could join, with the times offered that they said suit them. */
  boardMembers: { id: string; name: string; suits: TimeRange[] }[]
  /** Submitted notes, and the viewer's own draft: others' drafts stay private, as reviews do. */
  notes: ConversationNoteView[]
}

/** What a staff member sees of an application's conversation; null for no such (or an erased) application. */
export async function conversationPage(db: EntityManager, { reference, staffUserId, now = new Date() }: { reference: string; staffUserId: string; now?: Date }): Promise<ConversationPage | null> {
  const rows: { id: string; reference: string; version: number; status: ApplicationStatus; full_name: string | null; erased_at: Date | null }[] = await db.query(
    `SELECT id, reference, version, status, full_name, erased_at FROM applications WHERE reference = $1`,
    [reference],
  )
  const row = rows[0]
  if (!row || row.erased_at) return null
  const conversation = (await findConversationForApplication(db, row.id, now, false)) ?? null
  const live = conversation && conversation.status !== 'cancelled'
  const staff: { id: string; name: string }[] = conversation
    ? await db.query(
        `SELECT s.id, s.name FROM staff_users s
         WHERE s.id = $2 OR s.id IN (SELECT staff_user_id FROM conversation_staff WHERE conversation_id = $1)
         ORDER BY s.id = $2 DESC, s.name`,
        [conversation.id, conversation.createdBy],
      )
    : []
  const members: { id: string; name: string }[] = await db.query(`SELECT id, name FROM staff_users WHERE active AND 'board-member' = ANY(roles) ORDER BY name`)
  const suits = await suitingTimes(db, { now })
  const boardMembers = members.map((member) => ({ ...member, suits: suits.get(member.id) ?? [] }))
  const notes: { staff_user_id: string; name: string; notes: string; recommendation: ConversationRecommendation; submitted_at: Date | null }[] = conversation
    ? await db.query(
        `SELECT n.staff_user_id, s.name, n.notes, n.recommendation, n.submitted_at FROM conversation_notes n JOIN staff_users s ON s.id = n.staff_user_id
         WHERE n.conversation_id = $1 AND (n.submitted_at IS NOT NULL OR n.staff_user_id = $2) ORDER BY s.name`,
        [conversation.id, staffUserId],
      )
    : []
  return {
    application: { id: row.id, reference: row.reference, version: row.version, status: row.status, fullName: row.full_name ?? '' },
    tally: await decisionTally(db, { applicationId: row.id }),
    canOffer: row.status === 'shortlisted' || (row.status === 'interview' && (!live || conversation.status === 'none_suit')),
    conversation,
    staff,
    boardMembers,
    notes: notes.map((note) => ({ staffUserId: note.staff_user_id, name: note.name, notes: note.notes, recommendation: note.recommendation, submitted: note.submitted_at !== null })),
  }
}
