// Board elections for tests: a round set up and opened by an admin's actions, and a nomination
// sent through the public form as a visitor would.
import assert from 'node:assert/strict'
import type { Agent } from 'supertest'
import { changeElectionRoundStatus } from '../../src/actions/board/elections/change-election-round-status.ts'
import { changeNomination } from '../../src/actions/board/elections/change-nomination.ts'
import { createElectionRound, type NewElectionRound } from '../../src/actions/board/elections/create-election-round.ts'
import { addDays } from '../../src/domain/onboarding.ts'
import { todayInLondon } from '../../src/services/role.service.ts'
import type { TestApp } from './app.ts'
import { submitForm } from './forms.ts'

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
