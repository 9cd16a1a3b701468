// The board's rows of the authorisation table (tests/helpers/authorisation.ts spreads them into
// routeCases()): who may reach each /board route, as PRODUCT.md ("The board") says; and the board
// records those rows need, made by setUpBoardFixtures from the table's own set-up.
import { changeBoardNoteStatus } from '../../src/actions/board/change-board-note-status.ts'
import { createBoardNote } from '../../src/actions/board/save-board-note.ts'
import { countElection } from '../../src/actions/board/elections/count-election.ts'
import { submitNomination } from '../../src/actions/board/elections/submit-nomination.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { APPLICANT } from '../../src/services/audit.ts'
import type { TestApp } from './app.ts'
import type { Allowed, Outcome, RouteCase, Visitor } from './authorisation.ts'
import { stageElectorUpload } from '../../src/actions/board/elections/electors.ts'
import { openRound, votingRound } from './board-elections.ts'

function outcomes(anonymous: Outcome, applicant: Outcome, executive: Outcome, board: Outcome, manager: Outcome, admin: Outcome): Record<Visitor, Outcome> {
  return { anonymous, applicant, 'new executive': executive, 'board member': board, 'community manager': manager, admin }
}
const EVERYONE = outcomes('allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed')
/** The seats and terms: board members and admins. */
const BOARD_AND_ADMINS = outcomes('sign-in', 'sign-in', 'sign-in', 'allowed', 'forbidden', 'allowed')
/** A draft's address: the board sees it, anyone else finds nothing there. */
const BOARD_DRAFT = outcomes('not found', 'not found', 'not found', 'allowed', 'not found', 'allowed')
/** A board member's own handover notes. */
const BOARD_MEMBERS = outcomes('sign-in', 'sign-in', 'sign-in', 'allowed', 'forbidden', 'forbidden')
/** A draft election round: only admins find it. */
const ADMIN_DRAFT = outcomes('not found', 'not found', 'not found', 'not found', 'not found', 'allowed')
/** The board's settings, writing notes, running elections: admins. */
const ADMINS = outcomes('sign-in', 'sign-in', 'sign-in', 'forbidden', 'forbidden', 'allowed')
const ADMINS_UNKNOWN = outcomes('sign-in', 'sign-in', 'sign-in', 'forbidden', 'forbidden', 'not found')
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

export interface BoardFixtures {
  draftNoteId: string
  publishedNoteId: string
  /** A round open for nominations, with one nomination to review; and a draft round. */
  round: { id: string; slug: string; path: string }
  draftRound: { id: string; slug: string; path: string }
  nominationId: string
  /** An admin's elector upload waiting to be confirmed, in the open round. */
  uploadId: string
  /** A round open for voting, and an unused ballot link in it. */
  votingPath: string
  ballotToken: string
  /** A round counted and not yet published: its results are the admins' until then. */
  countedPath: string
}

export let bf: BoardFixtures

export async function setUpBoardFixtures(t: TestApp, admin: StaffUser): Promise<void> {
  const actor = { type: 'staff' as const, id: admin.id }
  const note = { meetingOn: '2026-03-12', attendance: 'Present: the board', body: 'We met.' }
  const draftNoteId = await t.services.act(createBoardNote, { ...note, title: 'Draft notes' }, actor)
  const publishedNoteId = await t.services.act(createBoardNote, { ...note, title: 'Published notes' }, actor)
  await t.services.act(changeBoardNoteStatus, { id: publishedNoteId, version: 1, event: 'publish' }, actor)
  const round = await openRound(t, admin.id, { name: 'Open election' })
  const draftRound = await openRound(t, admin.id, { name: 'Draft election' }, false)
  await t.services.act(submitNomination, { roundId: round.id, fullName: 'Nina Nominee', email: 'nina.nominee@example.org', statement: 'I would like to serve.' }, APPLICANT)
  const [nomination]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM board_nominations WHERE round_id = $1`, [round.id])
  const uploadId = await t.services.act(stageElectorUpload, { roundId: round.id, emails: ['elector.one@example.org'] }, actor)
  const voting = await votingRound(t, admin.id, { candidates: ['Vera Candidate'], electors: ['ballot.holder@example.org'] })
  const counted = await votingRound(t, admin.id, { candidates: ['Cora Counted'], electors: ['counted.elector@example.org'] })
  const [{ version }] = (await t.database.dataSource.query(`SELECT version FROM board_election_rounds WHERE id = $1`, [counted.round.id])) as [{ version: number }]
  await t.services.act(countElection, { roundId: counted.round.id, version }, actor)
  bf = {
    draftNoteId,
    publishedNoteId,
    round,
    draftRound,
    nominationId: nomination!.id,
    uploadId,
    votingPath: voting.round.path,
    ballotToken: voting.tokens['ballot.holder@example.org']!,
    countedPath: counted.round.path,
  }
}

export function boardRouteCases(): RouteCase[] {
  const draft = `/board/notes/${bf.draftNoteId}`
  const published = `/board/notes/${bf.publishedNoteId}`
  const stale = { version: '0' }
  const staleRefused = { status: 409 }
  const election = bf.round.path
  const nominate = `${election}/nominate`
  const nomination = `${election}/nominations/${bf.nominationId}`
  const toNominate = (page: string): Allowed => ({ status: 303, location: `${nominate}${page}` })
  return [
    // board/seats.routes.ts
    { method: 'GET', route: '/board', path: '/board', expect: BOARD_AND_ADMINS },
    { method: 'GET', route: '/board/seats', path: '/board/seats', expect: ADMINS },
    { method: 'POST', route: '/board/seats', path: '/board/seats', body: { seats: '' }, expect: ADMINS },
    { method: 'GET', route: '/board/handover', path: '/board/handover', expect: BOARD_MEMBERS },
    { method: 'POST', route: '/board/handover', path: '/board/handover', body: { notes: 'x'.repeat(5001) }, expect: BOARD_MEMBERS },
    // board/results.routes.ts: nobody sees results before the count, and only admins before they
    // are published; the old address leads to the round's page, where they are.
    { method: 'GET', route: '/board/elections/:round/results', note: 'not counted yet', path: `${bf.votingPath}/results`, expect: outcomes('not found', 'not found', 'not found', 'not found', 'not found', 'not found') },
    { method: 'GET', route: '/board/elections/:round/results', note: 'counted, not published', path: `${bf.countedPath}/results`, expect: ADMIN_DRAFT, allowed: { status: 301, location: `${bf.countedPath}#results` } },
    { method: 'POST', route: '/board/elections/:round/publish-results', path: `${bf.votingPath}/publish-results`, body: { version: '0' }, expect: ADMINS, allowed: { status: 409 } },
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
    // board/elections.routes.ts
    { method: 'GET', route: '/board/elections', path: '/board/elections', expect: EVERYONE },
    { method: 'GET', route: '/board/elections/new', path: '/board/elections/new', expect: ADMINS },
    { method: 'GET', route: '/board/elections/:round', path: election, expect: EVERYONE },
    { method: 'GET', route: '/board/elections/:round', note: 'a draft', path: bf.draftRound.path, expect: ADMIN_DRAFT },
    { method: 'GET', route: '/board/elections/:round', note: 'counted, not published', path: bf.countedPath, expect: EVERYONE, allowed: (visitor) => (visitor === 'admin' ? { status: 200, shows: /These results are not published yet/ } : { status: 200, shows: /^(?![\s\S]*id="results")/ }) },
    { method: 'GET', route: '/board/elections/:round', note: 'no such round', path: '/board/elections/no-such-round', expect: outcomes('not found', 'not found', 'not found', 'not found', 'not found', 'not found') },
    { method: 'GET', route: '/board/elections/:round/candidates', path: `${election}/candidates`, expect: EVERYONE },
    { method: 'GET', route: '/board/elections/:round/manage', path: `${election}/manage`, expect: ADMINS },
    { method: 'POST', route: '/board/elections/new', path: '/board/elections/new', body: {}, expect: ADMINS },
    { method: 'POST', route: '/board/elections/:round/open-nominations', path: `${bf.draftRound.path}/open-nominations`, body: stale, expect: ADMINS, allowed: staleRefused },
    { method: 'POST', route: '/board/elections/:round/cancel', path: `${election}/cancel`, body: stale, expect: ADMINS, allowed: staleRefused },
    { method: 'GET', route: '/board/elections/:round/edit', path: `${election}/edit`, expect: ADMINS },
    { method: 'POST', route: '/board/elections/:round/edit', path: `${election}/edit`, body: {}, expect: ADMINS },
    // board/nominate.routes.ts: the public nomination form.
    { method: 'GET', route: '/board/elections/:round/nominate', path: nominate, expect: EVERYONE },
    { method: 'GET', route: '/board/elections/:round/nominate/confirmation', path: `${nominate}/confirmation`, expect: EVERYONE, allowed: toNominate('') },
    { method: 'GET', route: '/board/elections/:round/nominate/check', path: `${nominate}/check`, expect: EVERYONE, allowed: toNominate('/name') },
    { method: 'GET', route: '/board/elections/:round/nominate/:step', path: `${nominate}/name`, expect: EVERYONE },
    { method: 'POST', route: '/board/elections/:round/nominate/check', path: `${nominate}/check`, body: {}, expect: EVERYONE, allowed: toNominate('/name') },
    { method: 'POST', route: '/board/elections/:round/nominate/:step', path: `${nominate}/name`, body: { fullName: '' }, expect: EVERYONE },
    // board/nominations.routes.ts: the admins' review.
    { method: 'GET', route: '/board/elections/:round/nominations/:id', path: nomination, expect: ADMINS },
    { method: 'GET', route: '/board/elections/:round/nominations/:id', note: 'no such nomination', path: `${election}/nominations/${UNKNOWN_ID}`, expect: ADMINS_UNKNOWN },
    { method: 'POST', route: '/board/elections/:round/nominations/:id/eligibility', path: `${nomination}/eligibility`, body: { version: '1' }, expect: ADMINS },
    { method: 'POST', route: '/board/elections/:round/nominations/:id/publish', path: `${nomination}/publish`, body: stale, expect: ADMINS, allowed: staleRefused },
    { method: 'POST', route: '/board/elections/:round/nominations/:id/withdraw', path: `${nomination}/withdraw`, body: stale, expect: ADMINS, allowed: staleRefused },
    { method: 'POST', route: '/board/elections/:round/open-voting', path: `${election}/open-voting`, body: stale, expect: ADMINS, allowed: staleRefused },
    { method: 'POST', route: '/board/elections/:round/count', path: `${bf.votingPath}/count`, body: stale, expect: ADMINS, allowed: staleRefused },
    // board/electors.routes.ts: the admins' list of electors.
    { method: 'GET', route: '/board/elections/:round/electors', path: `${election}/electors`, expect: ADMINS },
    { method: 'GET', route: '/board/elections/:round/electors/uploads/:uploadId', path: `${election}/electors/uploads/${bf.uploadId}`, expect: ADMINS },
    { method: 'POST', route: '/board/elections/:round/electors/upload', path: `${election}/electors/upload`, body: {}, expect: ADMINS },
    { method: 'POST', route: '/board/elections/:round/electors/uploads/:uploadId', note: 'not this admin’s upload', path: `${election}/electors/uploads/${UNKNOWN_ID}`, body: {}, expect: ADMINS_UNKNOWN },
    { method: 'POST', route: '/board/elections/:round/electors/uploads/:uploadId/discard', note: 'not this admin’s upload', path: `${election}/electors/uploads/${UNKNOWN_ID}/discard`, body: {}, expect: ADMINS_UNKNOWN },
    { method: 'POST', route: '/board/elections/:round/electors/board', path: `${election}/electors/board`, body: {}, expect: ADMINS, allowed: { status: 303, location: `${election}/electors` } },
    { method: 'GET', route: '/board/elections/:round/electors/:electorId/remove', note: 'no such elector', path: `${election}/electors/${UNKNOWN_ID}/remove`, expect: ADMINS_UNKNOWN },
    { method: 'POST', route: '/board/elections/:round/electors/:electorId/remove', note: 'no such elector', path: `${election}/electors/${UNKNOWN_ID}/remove`, body: {}, expect: ADMINS, allowed: { status: 303, location: `${election}/electors` } },
    // board/ballot.routes.ts: the emailed ballot link is the credential.
    { method: 'GET', route: '/board/elections/:round/voted', path: `${bf.votingPath}/voted`, expect: EVERYONE },
    { method: 'GET', route: '/board/elections/:round/ballot/:token', path: `${bf.votingPath}/ballot/${bf.ballotToken}`, expect: EVERYONE },
    { method: 'GET', route: '/board/elections/:round/ballot/:token', note: 'no such link', path: `${bf.votingPath}/ballot/${'A'.repeat(43)}`, expect: EVERYONE, allowed: { status: 410 } },
    { method: 'POST', route: '/board/elections/:round/ballot/:token', path: `${bf.votingPath}/ballot/${bf.ballotToken}`, body: {}, expect: EVERYONE },
    { method: 'POST', route: '/board/elections/:round/ballot/:token/cast', note: 'a choice that is no candidate', path: `${bf.votingPath}/ballot/${bf.ballotToken}/cast`, body: { choice: UNKNOWN_ID }, expect: EVERYONE },
  ]
}
