import type { ConversationRecommendation } from '../../domain/conversation.ts'
import type { Action } from '../tx.ts'

export interface RecordConversationNotes {
  conversationId: string
  notes: string
  recommendation: ConversationRecommendation
  /** Send them: from then on the others taking part see them, and they no longer change. */
  submit: boolean
}

/**
 * A staff member who took part keeps their notes and recommendation on the conversation: a draft
 * only they see, until they send it (as board reviews are independent until sent). One row per
 * person (conversation_notes_author_key), written with one statement, so a double submit makes
 * one record; notes already sent are not changed.
 */
export const recordConversationNotes: Action<RecordConversationNotes, 'saved' | 'submitted' | 'submitted-already'> = async (tx, input, actor) => {
  const rows: { id: string; application_id: string }[] = await tx.manager.query(
    `INSERT INTO conversation_notes (conversation_id, staff_user_id, notes, recommendation, submitted_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)
     ON CONFLICT (conversation_id, staff_user_id) DO UPDATE
       SET notes = EXCLUDED.notes, recommendation = EXCLUDED.recommendation, submitted_at = EXCLUDED.submitted_at, updated_at = now()
       WHERE conversation_notes.submitted_at IS NULL
     RETURNING id, (SELECT application_id FROM conversations WHERE id = $1) AS application_id`,
    [input.conversationId, actor.id, input.notes, input.recommendation, input.submit],
  )
  const row = rows[0]
  if (!row) return 'submitted-already'
  if (!input.submit) return 'saved'
  await tx.audit(actor, { action: 'conversation.notes_submitted', subjectType: 'application', subjectId: row.application_id, note: input.recommendation })
  return 'submitted'
}
