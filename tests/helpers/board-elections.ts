// Board elections for tests: a round set up and opened by an admin's actions, and a nomination
// sent through the public form as a visitor would.
import assert from 'node:assert/strict'
import type { Agent } from 'supertest'
import { castBallot } from '../../src/actions/board/elections/cast-ballot.ts'
import { changeElectionRoundStatus } from '../../src/actions/board/elections/change-election-round-status.ts'
import { changeNomination } from '../../src/actions/board/elections/change-nomination.ts'
import { createElectionRound, type NewElectionRound } from '../../src/actions/board/elections/create-election-round.ts'
import { confirmElectorUpload, stageElectorUpload } from '../../src/actions/board/elections/electors.ts'
import { openVoting } from '../../src/actions/board/elections/open-voting.ts'
import { submitNomination } from '../../src/actions/board/elections/submit-nomination.ts'
import { addDays } from '../../src/domain/onboarding.ts'
import { APPLICANT } from '../../src/services/audit.ts'
import { todayInLondon } from '../../src/services/role.service.ts'
import type { TestApp } from './app.ts'
import { submitForm } from './forms.ts'
import { tokenFromEmail } from './review.ts'

export interface TestRound {
  id: string
  slug: string
  path: string
}

/** A round whose nominations are open today (unless `open` is false), voting from tomorrow. */
export async function openRound(t: TestApp, adminId: string, overrides: Partial<NewElectionRound> = {}, open = true): Promise<TestRound> {
  const today = todayInLondon()
  const actor = { type: 'staff' as const, id: adminId }
  const slug = await t.services.act(
    createElectionRound,
    {
      name: `Board election ${Math.random().toString(36).slice(2, 8)}`,
      seats: 2,
      nominationsOpenOn: today,
      nominationsCloseOn: today,
      votingOpensOn: addDays(today, 1),
      votingClosesOn: addDays(today, 14),
      method: 'approval',
      tieRule: 'nomination-order',
      procedure: 'Any community member may stand. Every member on the electors list may vote.',
      ...overrides,
    },
    actor,
  )
  const [row]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM board_election_rounds WHERE slug = $1`, [slug])
  if (open) await t.services.act(changeElectionRoundStatus, { roundId: row!.id, version: 1, event: 'open_nominations' }, actor)
  return { id: row!.id, slug, path: `/board/elections/${slug}` }
}

export interface Nominee {
  fullName: string
  email: string
  statement: string
}

/** Walks the public nomination form and sends it: the response to "Send nomination". */
export async function nominate(agent: Agent, round: TestRound, nominee: Nominee) {
  const base = `${round.path}/nominate`
  assert.equal((await submitForm(agent, `${base}/name`, { fullName: nominee.fullName })).status, 303)
  assert.equal((await submitForm(agent, `${base}/email`, { email: nominee.email })).status, 303)
  assert.equal((await submitForm(agent, `${base}/statement`, { statement: nominee.statement })).status, 303)
  assert.equal((await submitForm(agent, `${base}/consent`, { consent: 'yes' })).status, 303)
  return submitForm(agent, `${base}/check`)
}

/** Finds the nomination eligible and publishes it, as an admin, straight through the actions. */
export async function publishNomination(t: TestApp, adminId: string, round: TestRound, email: string): Promise<string> {
  const [row]: { id: string; version: number }[] = await t.database.dataSource.query(`SELECT id, version FROM board_nominations WHERE round_id = $1 AND email = $2`, [round.id, email])
  assert.ok(row, `a nomination from ${email}`)
  const actor = { type: 'staff' as const, id: adminId }
  await t.services.act(changeNomination, { roundId: round.id, nominationId: row.id, version: row.version, event: 'find_eligible' }, actor)
  await t.services.act(changeNomination, { roundId: round.id, nominationId: row.id, version: row.version + 1, event: 'publish' }, actor)
  return row.id
}

/** A round with `candidates` published and `electors` on the list, voting open; returns each elector's ballot token. */
export async function votingRound(
  t: TestApp,
  adminId: string,
  options: { method?: 'approval' | 'stv'; seats?: number; tieRule?: 'lot' | 'nomination-order'; candidates: string[]; electors: string[] },
): Promise<{ round: TestRound; candidateIds: Record<string, string>; tokens: Record<string, string> }> {
  const round = await openRound(t, adminId, { method: options.method ?? 'approval', seats: options.seats ?? 2, tieRule: options.tieRule ?? 'nomination-order' })
  const actor = { type: 'staff' as const, id: adminId }
  const candidateIds: Record<string, string> = {}
  for (const name of options.candidates) {
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`
    await t.services.act(submitNomination, { roundId: round.id, fullName: name, email, statement: `${name} would like to serve.` }, APPLICANT)
    candidateIds[name] = await publishNomination(t, adminId, round, email)
  }
  const uploadId = await t.services.act(stageElectorUpload, { roundId: round.id, emails: options.electors }, actor)
  await t.services.act(confirmElectorUpload, { roundId: round.id, uploadId }, actor)
  const [row]: { version: number }[] = await t.database.dataSource.query(`SELECT version FROM board_election_rounds WHERE id = $1`, [round.id])
  await t.services.act(openVoting, { roundId: round.id, version: row!.version }, actor)
  const tokens: Record<string, string> = {}
  for (const email of options.electors) tokens[email] = await tokenFromEmail(t.database.dataSource, { key: await ballotKey(t, round, email) }, `${round.path}/ballot`)
  return { round, candidateIds, tokens }
}

async function ballotKey(t: TestApp, round: TestRound, email: string): Promise<string> {
  const [row]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM board_electors WHERE round_id = $1 AND email = $2`, [round.id, email])
  return `board-ballot:${round.id}:${row!.id}`
}

/**
 * Board election records for one address, for the personal data tests: in a round still taking
 * nominations, a nomination and an elector entry; in a round open for voting, a published
 * candidate and an elector who has voted.
 */
export async function boardRecordsFor(t: TestApp, adminId: string, email: string, fullName: string): Promise<{ open: TestRound; voting: TestRound }> {
  const actor = { type: 'staff' as const, id: adminId }
  const open = await openRound(t, adminId)
  await t.services.act(submitNomination, { roundId: open.id, fullName, email, statement: `${fullName} would like to serve.` }, APPLICANT)
  const uploadId = await t.services.act(stageElectorUpload, { roundId: open.id, emails: [email] }, actor)
  await t.services.act(confirmElectorUpload, { roundId: open.id, uploadId }, actor)

  const voting = await openRound(t, adminId)
  await t.services.act(submitNomination, { roundId: voting.id, fullName, email, statement: `${fullName} would like to serve.` }, APPLICANT)
  const candidateId = await publishNomination(t, adminId, voting, email)
  const electors = await t.services.act(stageElectorUpload, { roundId: voting.id, emails: [email, 'someone.else@example.org'] }, actor)
  await t.services.act(confirmElectorUpload, { roundId: voting.id, uploadId: electors }, actor)
  const [row]: { version: number }[] = await t.database.dataSource.query(`SELECT version FROM board_election_rounds WHERE id = $1`, [voting.id])
  await t.services.act(openVoting, { roundId: voting.id, version: row!.version }, actor)
  const token = await tokenFromEmail(t.database.dataSource, { key: await ballotKey(t, voting, email) }, `${voting.path}/ballot`)
  await t.services.act(castBallot, { roundId: voting.id, token, choices: [candidateId] }, APPLICANT)
  return { open, voting }
}
