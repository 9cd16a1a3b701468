// The board's rows of the authorisation table (tests/helpers/authorisation.ts spreads them into
// routeCases()): who may reach each /board route, as PRODUCT.md ("The board") says; and the board
// records those rows need, made by setUpBoardFixtures from the table's own set-up.
import { changeBoardNoteStatus } from '../../src/actions/board/change-board-note-status.ts'
import { createBoardNote } from '../../src/actions/board/save-board-note.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import type { TestApp } from './app.ts'
import type { Outcome, RouteCase, Visitor } from './authorisation.ts'

function outcomes(anonymous: Outcome, applicant: Outcome, executive: Outcome, board: Outcome, manager: Outcome, admin: Outcome): Record<Visitor, Outcome> {
  return { anonymous, applicant, 'new executive': executive, 'board member': board, 'community manager': manager, admin }
}
const EVERYONE = outcomes('allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed')
/** The seats and terms: board members and admins. */
const BOARD_AND_ADMINS = outcomes('sign-in', 'sign-in', 'sign-in', 'allowed', 'forbidden', 'allowed')
/** A draft's address: the board sees it, anyone else finds nothing there. */
const BOARD_DRAFT = outcomes('not found', 'not found', 'not found', 'allowed', 'not found', 'allowed')
/** The board's settings, writing notes, running elections: admins. */
const ADMINS = outcomes('sign-in', 'sign-in', 'sign-in', 'forbidden', 'forbidden', 'allowed')

export interface BoardFixtures {
  draftNoteId: string
  publishedNoteId: string
}

export let bf: BoardFixtures

export async function setUpBoardFixtures(t: TestApp, admin: StaffUser): Promise<void> {
  const actor = { type: 'staff' as const, id: admin.id }
  const note = { meetingOn: '2026-03-12', attendance: 'Present: the board', body: 'We met.' }
  const draftNoteId = await t.services.act(createBoardNote, { ...note, title: 'Draft notes' }, actor)
  const publishedNoteId = await t.services.act(createBoardNote, { ...note, title: 'Published notes' }, actor)
  await t.services.act(changeBoardNoteStatus, { id: publishedNoteId, version: 1, event: 'publish' }, actor)
  bf = { draftNoteId, publishedNoteId }
}

export function boardRouteCases(): RouteCase[] {
  const draft = `/board/notes/${bf.draftNoteId}`
  const published = `/board/notes/${bf.publishedNoteId}`
  const stale = { version: '0' }
  const staleRefused = { status: 409 }
  return [
    // board/seats.routes.ts
    { method: 'GET', route: '/board', path: '/board', expect: BOARD_AND_ADMINS },
    { method: 'GET', route: '/board/seats', path: '/board/seats', expect: ADMINS },
    { method: 'POST', route: '/board/seats', path: '/board/seats', body: { seats: '' }, expect: ADMINS },
    // board/notes.routes.ts
    { method: 'GET', route: '/board/notes', path: '/board/notes', expect: EVERYONE },
    { method: 'GET', route: '/board/notes/new', path: '/board/notes/new', expect: ADMINS },
    { method: 'GET', route: '/board/notes/:id', path: published, expect: EVERYONE },
    { method: 'GET', route: '/board/notes/:id', note: 'a draft', path: draft, expect: BOARD_DRAFT },
    { method: 'GET', route: '/board/notes/:id/edit', path: `${draft}/edit`, expect: ADMINS },
    { method: 'POST', route: '/board/notes/new', path: '/board/notes/new', body: {}, expect: ADMINS },
    { method: 'POST', route: '/board/notes/:id/edit', path: `${draft}/edit`, body: {}, expect: ADMINS },
    { method: 'POST', route: '/board/notes/:id/publish', path: `${draft}/publish`, body: stale, expect: ADMINS, allowed: staleRefused },
    { method: 'POST', route: '/board/notes/:id/unpublish', path: `${published}/unpublish`, body: stale, expect: ADMINS, allowed: staleRefused },
  ]
}
