// Board election results: seen by admins once counted, published on the round's own page,
// /board/elections/<round>, with the count (an STV count's stages as a table; the old /results
// address leads there once there are results); the elected are invited as staff
// with the board-member role and the new term's dates. And outgoing members' handover notes.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { castBallot } from '../../src/actions/board/elections/cast-ballot.ts'
import { countElection } from '../../src/actions/board/elections/count-election.ts'
import { newBoardTerm } from '../../src/actions/board/elections/publish-results.ts'
import { SYSTEM } from '../../src/services/audit.ts'
import { useTestApp } from '../helpers/app.ts'
import { votingRound, type TestRound } from '../helpers/board-elections.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { signedInAgent } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ada: { name: 'Ada Admin', roles: ['admin'] },
  },
})
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

const agentFor = (user: { email: string }) => signedInAgent(t.app, user)

async function countedRound(method: 'approval' | 'stv', votes: (ids: Record<string, string>) => string[][]): Promise<{ round: TestRound; ids: Record<string, string> }> {
  const electors = votes({}).map((_, index) => `e${index}.${method}@example.org`)
  const { round, candidateIds, tokens } = await votingRound(t, t.staff.ada.id, { method, seats: 2, candidates: ['Grace Hopper', 'Alan Turing', 'Bea Board'], electors })
  for (const [index, choices] of votes(candidateIds).entries()) await t.services.act(castBallot, { roundId: round.id, token: tokens[electors[index]!]!, choices }, SYSTEM)
  const [{ version }] = (await query<{ version: number }>(`SELECT version FROM board_election_rounds WHERE id = $1`, [round.id])) as [{ version: number }]
  await t.services.act(countElection, { roundId: round.id, version }, { type: 'staff', id: t.staff.ada.id })
  return { round, ids: candidateIds }
}

describe('results', () => {
  it('are the admins’ until published; publishing makes them public and invites the elected to the board', async () => {
    // Bea Board stands again under the address of her staff account.
    await query(`UPDATE staff_users SET email = 'bea.board@example.org' WHERE id = $1`, [t.staff.bea.id])
    const { round, ids } = await countedRound('approval', (c) => [[c['Grace Hopper']!, c['Bea Board']!], [c['Grace Hopper']!], [c['Bea Board']!, c['Alan Turing']!], [c['Grace Hopper']!]])
    const results = `${round.path}/results`
    const beforePublishing = await request(t.app).get(round.path).expect(200)
    assert.doesNotMatch(beforePublishing.text, /id="results"|Grace Hopper \(elected\)/)
    await request(t.app).get(results).expect(404)
    const bea = await agentFor({ email: 'bea.board@example.org' })
    assert.doesNotMatch((await bea.get(round.path).expect(200)).text, /id="results"/)
    await bea.get(results).expect(404)
    const admin = await agentFor(t.staff.ada)
    assert.equal((await admin.get(results).expect(301)).headers.location, `${round.path}#results`)
    const page = await admin.get(round.path).expect(200)
    assert.match(page.text, /<h1>[^<]*<\/h1>[\s\S]*<h2 class="nhsuk-heading-l" id="results">Results<\/h2>[\s\S]*These results are not published yet[\s\S]*<h2 class="nhsuk-heading-l">About this election<\/h2>/)
    assert.match(page.text, /Elected[\s\S]*<li>Grace Hopper<\/li>\s*<li>Bea Board<\/li>/)
    assert.match(page.text, /Voted[\s\S]*4/)
    assert.match((await admin.get(`${round.path}/manage`).expect(200)).text, new RegExp(`href="${round.path}#results">See the count`))

    const stale = await admin.post(`${round.path}/publish-results`).type('form').send({ version: '1', _csrf: csrfTokenFrom(page) })
    assert.equal(stale.status, 409)
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!
    const published = await admin.post(`${round.path}/publish-results`).type('form').send({ version, _csrf: csrfTokenFrom(page) })
    assert.equal(published.status, 303)
    assert.equal(published.headers.location, `${round.path}#results`)
    const afterPublishing = await admin.get(round.path).expect(200)
    assert.match(afterPublishing.text, /1 new board member has been invited, and 1 existing account has the board-member role and the new term/)
    assert.doesNotMatch(afterPublishing.text, /Publish the results and invite the elected/)

    const publicPage = await request(t.app).get(round.path).expect(200)
    assert.match(publicPage.text, /id="results">Results[\s\S]*Elected[\s\S]*Approvals for each candidate[\s\S]*Grace Hopper \(elected\)[\s\S]*3[\s\S]*Bea Board \(elected\)[\s\S]*2[\s\S]*Alan Turing[\s\S]*1/)
    assert.doesNotMatch(publicPage.text, /not published yet|publish-results/)
    // The address the results had before leads the public to them now.
    assert.equal((await request(t.app).get(results).expect(301)).headers.location, `${round.path}#results`)

    const [closes] = await query<{ d: string }>(`SELECT voting_closes_on::text AS d FROM board_election_rounds WHERE id = $1`, [round.id])
    const term = newBoardTerm(closes!.d)
    assert.match(term.startsOn, /-04-01$/)
    const staff = await query<{ name: string; roles: string[]; s: string; e: string; password: boolean }>(
      `SELECT name, roles, board_term_starts_on::text AS s, board_term_ends_on::text AS e, password_hash IS NOT NULL AS password FROM staff_users WHERE name IN ('Grace Hopper', 'Bea Board') ORDER BY name`,
    )
    assert.deepEqual(staff, [
      { name: 'Bea Board', roles: ['board-member'], s: term.startsOn, e: term.endsOn, password: true },
      { name: 'Grace Hopper', roles: ['board-member'], s: term.startsOn, e: term.endsOn, password: false },
    ])
    const invitations = await query<{ recipient: string }>(`SELECT recipient FROM email_messages WHERE template = 'staff-invitation'`)
    assert.deepEqual(invitations.map((row) => row.recipient), ['grace.hopper@example.org'])
    void ids
  })

  it('of an STV count show each stage as a table', async () => {
    const { round } = await countedRound('stv', (c) => [
      [c['Grace Hopper']!, c['Alan Turing']!],
      [c['Grace Hopper']!, c['Alan Turing']!],
      [c['Grace Hopper']!],
      [c['Alan Turing']!],
      [c['Bea Board']!, c['Alan Turing']!],
    ])
    const page = await (await agentFor(t.staff.ada)).get(round.path).expect(200)
    assert.match(page.text, /Quota[\s\S]*2\.00000/)
    assert.match(page.text, /Votes at the end of each stage/)
    assert.match(page.text, /<th[^>]*>\s*Stage 1\s*<\/th>\s*<th[^>]*>\s*Stage 2\s*<\/th>/)
    assert.match(page.text, /Surplus of Grace Hopper \(1\.00000\) transferred at 0\.33333/)
    assert.match(page.text, /Non-transferable/)
  })
})

describe('handover notes', () => {
  it('are written by each board member for whoever takes their seat, and read by the board and admins', async () => {
    const bea = await agentFor({ email: (await query<{ email: string }>(`SELECT email FROM staff_users WHERE id = $1`, [t.staff.bea.id]))[0]!.email })
    const tooLong = await submitForm(bea, '/board/handover', { notes: 'x'.repeat(5001) })
    assert.equal(tooLong.status, 400)
    assert.match(tooLong.text, /Handover notes must be 5000 characters or fewer/)
    assert.equal((await submitForm(bea, '/board/handover', { notes: 'The events budget is with the treasurer.' })).status, 303)
    assert.match((await (await agentFor(t.staff.ada)).get('/board').expect(200)).text, /Handover notes[\s\S]*Bea Board[\s\S]*The events budget is with the treasurer\./)
    assert.match((await bea.get('/board/handover').expect(200)).text, /The events budget is with the treasurer\./)
    await (await agentFor(t.staff.ada)).get('/board/handover').expect(403)
    assert.equal((await submitForm(bea, '/board/handover', { notes: '' })).status, 303)
    assert.deepEqual(await query(`SELECT 1 FROM board_handover_notes`), [])
  })
})
