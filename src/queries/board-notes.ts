import type { EntityManager } from 'typeorm'
import { PUBLIC_BOARD_NOTE_STATUSES, type BoardNoteStatus } from '../domain/board-note-status.ts'

export interface BoardNoteView {
  id: string
  title: string
  meetingOn: string
  attendance: string
  body: string
  status: BoardNoteStatus
  version: number
  publishedAt: Date | null
}

interface Row {
  id: string
  title: string
  meeting_on: string
  attendance: string
  body: string
  status: BoardNoteStatus
  version: number
  published_at: Date | null
}

const COLUMNS = `id, title, meeting_on::text AS meeting_on, attendance, body, status, version, published_at`
const view = (row: Row): BoardNoteView => ({
  id: row.id,
  title: row.title,
  meetingOn: row.meeting_on,
  attendance: row.attendance,
  body: row.body,
  status: row.status,
  version: row.version,
  publishedAt: row.published_at,
})

/** Meetings' notes, newest meeting first: the published ones, and the drafts too for the board. */
export async function boardNotesList(db: EntityManager, { withDrafts }: { withDrafts: boolean }): Promise<{ published: BoardNoteView[]; drafts: BoardNoteView[] }> {
  const rows: Row[] = await db.query(`SELECT ${COLUMNS} FROM board_notes WHERE status = ANY($1::text[]) OR $2 ORDER BY meeting_on DESC, created_at DESC`, [PUBLIC_BOARD_NOTE_STATUSES, withDrafts])
  const notes = rows.map(view)
  return { published: notes.filter((note) => PUBLIC_BOARD_NOTE_STATUSES.includes(note.status)), drafts: notes.filter((note) => !PUBLIC_BOARD_NOTE_STATUSES.includes(note.status)) }
}

/** One meeting's notes; a draft only when `withDrafts` (the board), else null as for no such notes. */
export async function boardNote(db: EntityManager, { id, withDrafts }: { id: string; withDrafts: boolean }): Promise<BoardNoteView | null> {
  const rows: Row[] = await db.query(`SELECT ${COLUMNS} FROM board_notes WHERE id = $1 AND (status = ANY($2::text[]) OR $3)`, [id, PUBLIC_BOARD_NOTE_STATUSES, withDrafts])
  return rows[0] ? view(rows[0]) : null
}
