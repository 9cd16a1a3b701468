import type { Action } from '../tx.ts'

export interface SetAvailability {
  /** The times the board member was shown, and of those, the ones that suit them. */
  shownSlotIds: string[]
  suitingSlotIds: string[]
}

/** A board member says which of the upcoming conversation times suit them; one row per time and person. */
export const setAvailability: Action<SetAvailability, number> = async (tx, { shownSlotIds, suitingSlotIds }, actor) => {
  if (!actor.id) throw new Error('Availability belongs to a staff member')
  const rows: unknown[] = await tx.manager.query(
    `INSERT INTO conversation_availability (slot_id, staff_user_id, suits)
     SELECT s.id, $1, s.id = ANY($3::uuid[]) FROM conversation_slots s WHERE s.id = ANY($2::uuid[]) AND s.starts_at > now()
     ON CONFLICT (slot_id, staff_user_id) DO UPDATE SET suits = EXCLUDED.suits, updated_at = now()
     RETURNING slot_id`,
    [actor.id, shownSlotIds, suitingSlotIds],
  )
  return rows.length
}
