import { characterCount, CONFLICT_REASON_MAX_LENGTH } from '../../domain/scoring.ts'
import type { Reviewer } from '../../queries/review-page.ts'
import type { Action } from '../tx.ts'
import { applicationToReview, requireBoardMember } from './board-member.ts'

export interface DeclareConflict {
  reference: string
  /** The board member stepping aside (the actor). */
  member: Reviewer
  /** Kept on the declaration only: it may name people. */
  reason: string | null
}

/**
 * Declares the member's conflict of interest: they are recused from then on, and a review they
 * already submitted is deleted so that it no longer counts. Declaring twice changes nothing.
 */
export const declareConflict: Action<DeclareConflict, { declared: boolean; reviewDeleted: boolean }> = async (tx, { reference, member, reason }, actor) => {
  requireBoardMember(member)
  if (reason !== null && characterCount(reason) > CONFLICT_REASON_MAX_LENGTH) throw new Error('The reason is too long')
  const application = await applicationToReview(tx, reference)
  const inserted: { id: string }[] = await tx.manager.query(
    `INSERT INTO conflicts_of_interest (application_id, staff_user_id, reason) VALUES ($1, $2, $3)
     ON CONFLICT (application_id, staff_user_id) DO NOTHING
     RETURNING id`,
    [application.id, member.id, reason || null],
  )
  if (inserted.length === 0) return { declared: false, reviewDeleted: false }
  // For DELETE, TypeORM answers [rows, affected count].
  const [deleted]: [{ id: string }[], number] = await tx.manager.query(`DELETE FROM reviews WHERE application_id = $1 AND reviewer_id = $2 RETURNING id`, [
    application.id,
    member.id,
  ])
  // The reason may name people: it stays on the declaration, never in the audit log.
  await tx.audit(actor, {
    action: 'conflict.declared',
    subjectType: 'application',
    subjectId: application.id,
    note: deleted.length > 0 ? 'their review was deleted' : null,
  })
  if (deleted.length > 0) {
    await tx.audit(actor, {
      action: 'review.deleted',
      subjectType: 'application',
      subjectId: application.id,
      note: 'conflict of interest declared',
    })
  }
  return { declared: true, reviewDeleted: deleted.length > 0 }
}
