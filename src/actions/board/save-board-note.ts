import type { Action } from '../tx.ts'
import { BoardNoteNotFoundError, StaleBoardNoteError } from './board-note-record.ts'

export interface BoardNoteContent {
  title: string
  meetingOn: string
  attendance: string
  body: string
}

/** An admin starts a meeting's summary notes, as a draft the board can read. Returns the new id. */
export const createBoardNote: Action<BoardNoteContent, string> = async (tx, note, actor) => {
  const [row]: { id: string }[] = await tx.manager.query(
    `INSERT INTO board_notes (title, meeting_on, attendance, body, created_by) VALUES ($1, $2::date, $3, $4, $5) RETURNING id`,
    [note.title, note.meetingOn, note.attendance, note.body, actor.type === 'staff' ? actor.id : null],
  )
  await tx.audit(actor, { action: 'board-note.created', subjectType: 'board_note', subjectId: row!.id })
  return row!.id
}

/** An admin changes the notes they saw at `version`, draft or published. StaleBoardNoteError when someone changed them since. */
export const updateBoardNote: Action<BoardNoteContent & { id: string; version: number }, void> = async (tx, { id, version, ...note }, actor) => {
  const [, changed]: [unknown[], number] = await tx.manager.query(
    `UPDATE board_notes SET title = $3, meeting_on = $4::date, attendance = $5, body = $6, version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2`,
    [id, version, note.title, note.meetingOn, note.attendance, note.body],
  )
  if (changed !== 1) {
    const exists: unknown[] = await tx.manager.query(`SELECT 1 FROM board_notes WHERE id = $1`, [id])
    throw exists.length > 0 ? new StaleBoardNoteError() : new BoardNoteNotFoundError()
  }
  await tx.audit(actor, { action: 'board-note.changed', subjectType: 'board_note', subjectId: id })
}
