// The board note status machine: an admin writes a meeting's summary notes as a draft (the board
// sees it), publishes them (everyone sees them at /board/notes), and can take them back to draft.
import type { StatusMachine, Transition } from './status-machine.ts'

export const BOARD_NOTE_STATUSES = ['draft', 'published'] as const
export type BoardNoteStatus = (typeof BOARD_NOTE_STATUSES)[number]

export const BOARD_NOTE_STATUS_LABELS: Record<BoardNoteStatus, string> = {
  draft: 'Draft',
  published: 'Published',
}

export const BOARD_NOTE_EVENTS = ['publish', 'unpublish'] as const
export type BoardNoteEvent = (typeof BOARD_NOTE_EVENTS)[number]

/** Notes anyone may read. */
export const PUBLIC_BOARD_NOTE_STATUSES: readonly BoardNoteStatus[] = ['published']

export const BOARD_NOTE_TRANSITIONS: Record<BoardNoteEvent, Transition<BoardNoteStatus>> = {
  publish: { from: ['draft'], to: 'published' },
  unpublish: { from: ['published'], to: 'draft' },
}

export const BOARD_NOTE_MACHINE: StatusMachine<BoardNoteStatus, BoardNoteEvent> = {
  subject: 'board note',
  statuses: BOARD_NOTE_STATUSES,
  initial: 'draft',
  labels: BOARD_NOTE_STATUS_LABELS,
  transitions: BOARD_NOTE_TRANSITIONS,
  groups: { PUBLIC: PUBLIC_BOARD_NOTE_STATUSES },
}

export const BOARD_NOTE_TITLE_MAX_LENGTH = 120
export const BOARD_NOTE_ATTENDANCE_MAX_LENGTH = 2000
export const BOARD_NOTE_BODY_MAX_LENGTH = 20000
