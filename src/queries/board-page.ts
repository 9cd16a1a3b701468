import type { EntityManager } from 'typeorm'
import { DEFAULT_BOARD_SEATS, planBoardSeats, type BoardMemberTerm, type BoardSeatPlan } from '../domain/board.ts'
import { todayInLondon } from '../services/role.service.ts'

/** The number of seats (the default when the row is missing). */
export async function boardSeatCount(db: EntityManager): Promise<number> {
  const rows: { seats: number }[] = await db.query(`SELECT seats FROM board_settings WHERE id = 1`)
  return rows[0]?.seats ?? DEFAULT_BOARD_SEATS
}

/** Active staff accounts with the board-member role and their terms, by name. */
export async function boardMemberTerms(db: EntityManager): Promise<BoardMemberTerm[]> {
  const rows: { id: string; name: string; term_starts_on: string | null; term_ends_on: string | null; show_on_team: boolean }[] = await db.query(
    `SELECT id, name, board_term_starts_on::text AS term_starts_on, board_term_ends_on::text AS term_ends_on, show_on_team
     FROM staff_users WHERE active AND 'board-member' = ANY(roles)
     ORDER BY name, id`,
  )
  return rows.map((row) => ({ id: row.id, name: row.name, termStartsOn: row.term_starts_on, termEndsOn: row.term_ends_on, showOnTeam: row.show_on_team }))
}

export interface BoardPage extends BoardSeatPlan {
  seatCount: number
  today: string
  /** Members' handover notes, by name. */
  handover: { name: string; notes: string; updatedAt: Date }[]
}

/** A staff member's own handover notes, or '' when they have written none. */
export async function ownHandoverNotes(db: EntityManager, { staffUserId }: { staffUserId: string }): Promise<string> {
  const rows: { notes: string }[] = await db.query(`SELECT notes FROM board_handover_notes WHERE staff_user_id = $1`, [staffUserId])
  return rows[0]?.notes ?? ''
}

/** /board: the seats, who holds them and until when, and who else has the role. */
export async function boardPage(db: EntityManager, { now = new Date() }: { now?: Date } = {}): Promise<BoardPage> {
  const today = todayInLondon(now)
  const seatCount = await boardSeatCount(db)
  const handover: { name: string; notes: string; updated_at: Date }[] = await db.query(
    `SELECT s.name, h.notes, h.updated_at FROM board_handover_notes h JOIN staff_users s ON s.id = h.staff_user_id ORDER BY s.name, s.id`,
  )
  return {
    ...planBoardSeats(await boardMemberTerms(db), seatCount, today),
    seatCount,
    today,
    handover: handover.map((row) => ({ name: row.name, notes: row.notes, updatedAt: row.updated_at })),
  }
}
