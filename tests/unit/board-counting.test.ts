// Counting a board election: approval voting, and single transferable vote by the Scottish local
// government rules (src/domain/count-scottish-stv.ts), checked against published worked
// examples and real Scottish council counts. Each example names its source.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { describe, it } from 'node:test'
import { countApproval } from '../../src/domain/count-approval.ts'
import { countScottishStv, formatVotes, UNIT, type RankedBallots, type StvCount } from '../../src/domain/count-scottish-stv.ts'
import { tieBreaker } from '../../src/domain/count-tie-break.ts'

const byOrder = (candidates: string[]) => tieBreaker('nomination-order', candidates, 'unused')
const votesAt = (count: StvCount, stage: number) => Object.fromEntries(Object.entries(count.stages[stage - 1]!.votes).map(([candidate, units]) => [candidate, formatVotes(units)]))

/** Every vote is somewhere: with a candidate, non-transferable, or lost to ignoring remainders. */
function assertConserved(count: StvCount): void {
  for (const stage of count.stages) {
    const held = Object.values(stage.votes).reduce((sum, units) => sum + units, 0)
    assert.equal(held + stage.nonTransferable + stage.lostToRounding, count.ballots * UNIT, `stage ${stage.number} accounts for every vote`)
  }
}

/** A .blt file (the format Scottish councils publish preference profiles in): counts, ranked candidate numbers, names. */
function readBlt(file: string): { candidates: string[]; seats: number; ballots: RankedBallots[] } {
  const lines = fs.readFileSync(new URL(`../fixtures/stv/${file}`, import.meta.url), 'utf8').split('\n').map((line) => line.trim())
  const [standing, seats] = lines[0]!.split(/\s+/).map(Number) as [number, number]
  const rows: number[][] = []
  let at = 1
  for (; lines[at] !== '0'; at += 1) rows.push(lines[at]!.split(/\s+/).map(Number))
  const candidates = lines.slice(at + 1, at + 1 + standing).map((line) => line.replace(/^"|"$/g, '').replace(/\s+/g, ' '))
  const ballots = rows.map(([count, ...ranking]) => ({ count: count!, preferences: ranking.filter((n) => n > 0).map((n) => candidates[n - 1]!) }))
  return { candidates, seats, ballots }
}

describe('Scottish STV', () => {
  it('counts the worked example in Wikipedia’s “Single transferable vote” article (the food election, 3 seats, 20 voters)', () => {
    // Source: https://en.wikipedia.org/wiki/Single_transferable_vote, section "Example": Chocolate,
    // Oranges and Strawberries are elected.
    const candidates = ['Oranges', 'Pears', 'Chocolate', 'Strawberries', 'Hamburgers']
    const ballots = [
      { preferences: ['Oranges'], count: 4 },
      { preferences: ['Pears', 'Oranges'], count: 2 },
      { preferences: ['Chocolate', 'Strawberries'], count: 8 },
      { preferences: ['Chocolate', 'Hamburgers'], count: 4 },
      { preferences: ['Strawberries'], count: 1 },
      { preferences: ['Hamburgers'], count: 1 },
    ]
    const count = countScottishStv(candidates, ballots, 3, byOrder(candidates))
    assert.equal(count.quota, 6 * UNIT, 'Droop quota: 20 / (3 + 1), plus 1')
    assert.deepEqual(votesAt(count, 1), { Oranges: '4.00000', Pears: '2.00000', Chocolate: '12.00000', Strawberries: '1.00000', Hamburgers: '1.00000' })
    assert.deepEqual(count.stages[0]!.elected, ['Chocolate'])
    // Chocolate's surplus of 6 moves at 6/12 = 0.5: 8 papers to Strawberries, 4 to Hamburgers.
    assert.equal(count.stages[1]!.action, 'surplus')
    assert.deepEqual(count.stages[1]!.transferValues, [50_000])
    assert.deepEqual(votesAt(count, 2), { Oranges: '4.00000', Pears: '2.00000', Chocolate: '6.00000', Strawberries: '5.00000', Hamburgers: '3.00000' })
    // Pears is excluded; Oranges reaches the quota; Strawberries, ahead of Hamburgers for the one seat left, is elected.
    assert.deepEqual([count.stages[2]!.action, count.stages[2]!.subject], ['exclusion', 'Pears'])
    assert.deepEqual(votesAt(count, 3), { Oranges: '6.00000', Pears: '0.00000', Chocolate: '6.00000', Strawberries: '5.00000', Hamburgers: '3.00000' })
    assert.deepEqual(count.elected, ['Chocolate', 'Oranges', 'Strawberries'])
    assert.equal(count.stages.length, 3)
    assertConserved(count)
  })

  it('counts OpaVote’s Scottish STV example (3 seats, 60 voters), with values to five decimal places and the remainder ignored', () => {
    // Source: OpaVote, "Scottish STV" (https://www.opavote.com/methods/scottish-stv-rules and its
    // worked example): 28 Alice > Bob > Chris, 26 Bob > Alice > Chris, 3 Chris, 2 Don, 1 Eric;
    // Alice, Bob and Chris are elected.
    const candidates = ['Alice', 'Bob', 'Chris', 'Don', 'Eric']
    const ballots = [
      { preferences: ['Alice', 'Bob', 'Chris'], count: 28 },
      { preferences: ['Bob', 'Alice', 'Chris'], count: 26 },
      { preferences: ['Chris'], count: 3 },
      { preferences: ['Don'], count: 2 },
      { preferences: ['Eric'], count: 1 },
    ]
    const count = countScottishStv(candidates, ballots, 3, byOrder(candidates))
    assert.equal(count.quota, 16 * UNIT)
    assert.deepEqual(count.stages[0]!.elected, ['Alice', 'Bob'])
    // Alice's surplus (12, the larger) first: 12/28 = 0.428571... -> 0.42857 a paper; Bob is elected, so it goes to Chris.
    assert.deepEqual([count.stages[1]!.subject, count.stages[1]!.transferValues], ['Alice', [42_857]])
    assert.equal(formatVotes(count.stages[1]!.votes.Chris!), '14.99996')
    assert.equal(formatVotes(count.stages[1]!.lostToRounding), '0.00004')
    // One seat left: Chris has more than Don and Eric together with Bob's untransferred surplus (2 + 1 + 10).
    assert.deepEqual(count.stages[1]!.elected, ['Chris'])
    assert.deepEqual(count.elected, ['Alice', 'Bob', 'Chris'])
    assertConserved(count)
  })

  for (const [file, winners, source] of [
    ['edinburgh-2017-ward-13-leith.blt', ['Adam MCVEY', 'Chas BOOTH', 'Gordon John MUNRO'], 'Ward 13, Leith'],
    ['edinburgh-2017-ward-3-drum-brae-gyle.blt', ['Claire BRIDGMAN', 'Mark BROWN', 'Robert Christopher ALDRIDGE'], 'Ward 3, Drum Brae/Gyle'],
    ['edinburgh-2017-ward-15-southside-newington.blt', ['Alison DICKIE', 'Cameron ROSE', 'Ian PERRY', 'Steve BURGESS'], 'Ward 15, Southside/Newington'],
  ] as const) {
    it(`elects the councillors the City of Edinburgh Council declared in ${source}, 4 May 2017`, () => {
      // Source: the City of Edinburgh Council's preference profile report for the ward, the ballot
      // data it published after the 2017 local government election, and its declared result.
      const { candidates, seats, ballots } = readBlt(file)
      const count = countScottishStv(candidates, ballots, seats, tieBreaker('lot', candidates, 'edinburgh'))
      assert.deepEqual([...count.elected].sort(), [...winners].sort())
      assert.equal(count.ties.filter((tie) => tie.how === 'lot').length, 0, 'no tie needed a draw')
      assertConserved(count)
      const total = ballots.reduce((sum, ballot) => sum + ballot.count, 0)
      assert.equal(count.quota, (Math.floor(total / (seats + 1)) + 1) * UNIT)
    })
  }

  it('breaks a tie for exclusion by the most recent earlier stage at which the candidates differed, then by the round’s rule', () => {
    // E's one paper goes to C, so B and C are level at stage 3; at stage 2 C had fewer: C is excluded.
    const candidates = ['A', 'B', 'C', 'D', 'E']
    const ballots = [
      { preferences: ['A'], count: 8 },
      { preferences: ['B'], count: 3 },
      { preferences: ['C'], count: 2 },
      { preferences: ['D'], count: 4 },
      { preferences: ['E', 'C'], count: 1 },
    ]
    const count = countScottishStv(candidates, ballots, 2, byOrder(candidates))
    assert.deepEqual(
      count.stages.map((stage) => [stage.action, stage.subject]),
      [['first preferences', null], ['surplus', 'A'], ['exclusion', 'E'], ['exclusion', 'C']],
    )
    assert.deepEqual(votesAt(count, 3), { A: '7.00000', B: '3.00000', C: '3.00000', D: '4.00000', E: '0.00000' })
    assert.deepEqual(count.ties, [{ tied: ['B', 'C'], chosen: 'C', purpose: 'excluded', how: 'earlier stage' }])
    assert.deepEqual(count.elected, ['A', 'D'])
    assertConserved(count)

    // Level at every stage: the round's rule decides, the last nominated being excluded, or a draw.
    const level = [
      { preferences: ['A'], count: 6 },
      { preferences: ['B'], count: 2 },
      { preferences: ['C'], count: 2 },
      { preferences: ['D'], count: 5 },
      { preferences: ['E'], count: 5 },
    ]
    const byNomination = countScottishStv(candidates, level, 2, byOrder(candidates))
    assert.equal(byNomination.stages[1]!.subject, 'C')
    assert.deepEqual(byNomination.ties[0], { tied: ['B', 'C'], chosen: 'C', purpose: 'excluded', how: 'nomination order' })
    const drawn = countScottishStv(candidates, level, 2, tieBreaker('lot', candidates, 'seed-1'))
    assert.equal(drawn.ties[0]!.how, 'lot')
    const again = countScottishStv(candidates, level, 2, tieBreaker('lot', candidates, 'seed-1'))
    assert.deepEqual(again.stages.map((stage) => stage.subject), drawn.stages.map((stage) => stage.subject), 'the same seed draws the same')
  })

  it('ignores unknown and repeated candidates and empty papers, and elects everyone when there are no more candidates than seats', () => {
    const count = countScottishStv(['A', 'B'], [{ preferences: ['X', 'A', 'A', 'B'], count: 3 }, { preferences: [], count: 2 }], 2, byOrder(['A', 'B']))
    assert.equal(count.ballots, 3)
    assert.deepEqual(count.elected, ['A', 'B'])
  })
})

describe('approval voting', () => {
  it('elects the candidates with the most approvals', () => {
    const count = countApproval(['A', 'B', 'C', 'D'], [['A', 'B'], ['A', 'C'], ['B', 'A'], ['D'], ['A', 'A']], 2, byOrder(['A', 'B', 'C', 'D']))
    assert.deepEqual(count.tally, [{ candidate: 'A', votes: 4 }, { candidate: 'B', votes: 2 }, { candidate: 'C', votes: 1 }, { candidate: 'D', votes: 1 }])
    assert.deepEqual(count.elected, ['A', 'B'])
    assert.deepEqual(count.ties, [])
  })

  it('resolves a tie for the last seat by the round’s rule, and says so', () => {
    const ballots = [['A', 'B'], ['A', 'C'], ['A']]
    const byNomination = countApproval(['A', 'B', 'C'], ballots, 2, byOrder(['A', 'B', 'C']))
    assert.deepEqual(byNomination.elected, ['A', 'B'])
    assert.deepEqual(byNomination.ties, [{ tied: ['B', 'C'], chosen: 'B', purpose: 'elected', how: 'nomination order' }])
    const drawn = countApproval(['A', 'B', 'C'], ballots, 2, tieBreaker('lot', ['A', 'B', 'C'], 'a seed'))
    assert.equal(drawn.ties[0]!.how, 'lot')
    assert.ok(['B', 'C'].includes(drawn.elected[1]!))
    // Two tied for two seats needs no rule.
    assert.deepEqual(countApproval(['A', 'B', 'C'], [['A', 'B'], ['A', 'B'], ['C']], 2, byOrder(['A', 'B', 'C'])).ties, [])
  })
})
