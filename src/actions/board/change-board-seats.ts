import type { Action } from '../tx.ts'

/** An admin sets how many seats the board has. */
export const changeBoardSeats: Action<{ seats: number }, void> = async (tx, { seats }, actor) => {
  const [before]: { seats: number }[] = await tx.manager.query(`SELECT seats FROM board_settings WHERE id = 1 FOR UPDATE`)
  await tx.manager.query(
    `INSERT INTO board_settings (id, seats, updated_at) VALUES (1, $1, now())
     ON CONFLICT (id) DO UPDATE SET seats = excluded.seats, updated_at = now()`,
    [seats],
  )
  await tx.audit(actor, { action: 'board.seats-changed', subjectType: 'board', subjectId: null, note: `${before?.seats ?? 'default'} -> ${seats}` })
}
