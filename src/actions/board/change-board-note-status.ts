import { BOARD_NOTE_MACHINE, BOARD_NOTE_TRANSITIONS, type BoardNoteEvent, type BoardNoteStatus } from '../../domain/board-note-status.ts'
import { nextStatus } from '../../domain/status-machine.ts'
import type { Action } from '../tx.ts'
import { BoardNoteNotFoundError, StaleBoardNoteError } from './board-note-record.ts'

/**
 * Publishes the notes (everyone can read them at /board/notes) or takes them back to a draft,
 * from the version the admin saw. IllegalTransitionError for a move the status does not
 * allow; StaleBoardNoteError when the notes changed since.
 */
export const changeBoardNoteStatus: Action<{ id: string; version: number; event: BoardNoteEvent }, void> = async (tx, { id, version, event }, actor) => {
  const [row]: { status: BoardNoteStatus; version: number }[] = await tx.manager.query(`SELECT status, version FROM board_notes WHERE id = $1 FOR UPDATE`, [id])
  if (!row) throw new BoardNoteNotFoundError()
  if (row.version !== version) throw new StaleBoardNoteError()
  const to = nextStatus(BOARD_NOTE_MACHINE, row.status, event)
  await tx.manager.query(
    `UPDATE board_notes SET status = $2, published_at = CASE WHEN $2 = 'published' THEN now() ELSE NULL END, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, to],
  )
  await tx.audit(actor, { action: `board-note.${event === 'publish' ? 'published' : 'unpublished'}`, subjectType: 'board_note', subjectId: id, fromStatus: row.status, toStatus: BOARD_NOTE_TRANSITIONS[event].to })
}
