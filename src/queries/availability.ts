import type { EntityManager } from 'typeorm'
import type { TimeRange } from '../domain/conversation.ts'

export interface UpcomingTime extends TimeRange {
  id: string
  /** Whether this board member said it suits them. */
  suits: boolean
  booked: boolean
}

/** Conversation times still to come, with whether they suit `staffUserId`. */
export async function upcomingTimes(db: EntityManager, { staffUserId, now = new Date() }: { staffUserId: string; now?: Date }): Promise<UpcomingTime[]> {
  const rows: { id: string; starts_at: Date; ends_at: Date; suits: boolean | null; booked: boolean }[] = await db.query(
    `SELECT s.id, s.starts_at, s.ends_at, a.suits,
            EXISTS (SELECT 1 FROM conversations c WHERE c.slot_id = s.id AND c.status = 'booked') AS booked
     FROM conversation_slots s
     LEFT JOIN conversation_availability a ON a.slot_id = s.id AND a.staff_user_id = $1
     WHERE s.starts_at > $2
       AND EXISTS (SELECT 1 FROM conversation_offered_slots o JOIN conversations c ON c.id = o.conversation_id WHERE o.slot_id = s.id AND c.status <> 'cancelled')
     ORDER BY s.starts_at`,
    [staffUserId, now],
  )
  return rows.map((row) => ({ id: row.id, startsAt: row.starts_at, endsAt: row.ends_at, suits: row.suits === true, booked: row.booked }))
}

/** For each board member, the upcoming times they said suit them. */
export async function suitingTimes(db: EntityManager, { now = new Date() }: { now?: Date } = {}): Promise<Map<string, TimeRange[]>> {
  const rows: { staff_user_id: string; starts_at: Date; ends_at: Date }[] = await db.query(
    `SELECT a.staff_user_id, s.starts_at, s.ends_at FROM conversation_availability a JOIN conversation_slots s ON s.id = a.slot_id
     WHERE a.suits AND s.starts_at > $1 ORDER BY s.starts_at`,
    [now],
  )
  const byMember = new Map<string, TimeRange[]>()
  for (const row of rows) byMember.set(row.staff_user_id, [...(byMember.get(row.staff_user_id) ?? []), { startsAt: row.starts_at, endsAt: row.ends_at }])
  return byMember
}
