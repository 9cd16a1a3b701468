import type { Action } from '../tx.ts'

/** A board member writes (or clears, with null) their handover notes for whoever takes their seat. */
export const saveHandoverNotes: Action<{ notes: string | null }, void> = async (tx, { notes }, actor) => {
  if (actor.type !== 'staff' || !actor.id) throw new Error('Handover notes are a staff member’s own')
  if (notes === null) await tx.manager.query(`DELETE FROM board_handover_notes WHERE staff_user_id = $1`, [actor.id])
  else {
    await tx.manager.query(
      `INSERT INTO board_handover_notes (staff_user_id, notes) VALUES ($1, $2) ON CONFLICT (staff_user_id) DO UPDATE SET notes = excluded.notes, updated_at = now()`,
      [actor.id, notes],
    )
  }
  await tx.audit(actor, { action: 'board.handover-notes-changed', subjectType: 'staff_user', subjectId: actor.id })
}
