// Counting a board election: approval voting, and single transferable vote by the Scottish local
// government rules (src/domain/count-scottish-stv.ts), checked against published worked
// examples and real Scottish council counts. Each example names its source.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { countApproval } from '../../src/domain/count-approval.ts'
import { countScottishStv, formatVotes, UNIT, type RankedBallots, type StvCount } from '../../src/domain/count-scottish-stv.ts'
import { tieBreaker } from '../../src/domain/count-tie-break.ts'
import { rootDir } from '../../src/paths.ts'

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
  const lines = fs.readFileSync(path.join(rootDir, 'tests', 'fixtures', 'stv', file), 'utf8').split('\n').map((line) => line.trim())
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
    // Pears is excluded; Oranges reaches the quota.
    assert.deepEqual([count.stages[2]!.action, count.stages[2]!.subject], ['exclusion', 'Pears'])
    assert.deepEqual(votesAt(count, 3), { Oranges: '6.00000', Pears: '0.00000', Chocolate: '6.00000', Strawberries: '5.00000', Hamburgers: '3.00000' })
    // One seat, Strawberries and Hamburgers continuing: the Order elects no one early, so
    // Hamburgers is excluded, and Strawberries, the one continuing candidate, fills it (rule 52).
    assert.deepEqual([count.stages[3]!.action, count.stages[3]!.subject, count.stages[3]!.elected], ['exclusion', 'Hamburgers', ['Strawberries']])
    assert.deepEqual(count.elected, ['Chocolate', 'Oranges', 'Strawberries'])
    assert.equal(count.stages.length, 4)
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
    // One seat left and Chris far ahead, but the Order has no shortcut for that (rule 52 only fills
    // the last vacancies when no more candidates continue than there are vacancies): Bob's surplus
    // of 10 moves at 10/26 = 0.38461 a paper, and Chris reaches the quota.
    assert.deepEqual(count.stages[1]!.elected, [])
    assert.deepEqual([count.stages[2]!.action, count.stages[2]!.subject, count.stages[2]!.transferValues], ['surplus', 'Bob', [38_461]])
    assert.equal(formatVotes(count.stages[2]!.votes.Chris!), '24.99982')
    assert.deepEqual(count.stages[2]!.elected, ['Chris'])
    assert.equal(count.stages.length, 3)
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

  it('counts the GPUS Steering Committee election of 2005 (4 seats, 94 ballots) stage by stage as Droop’s Scottish STV rule does', () => {
    // Source: the ballots and the reference count in the Droop STV package by Jonathan Lundell
    // (https://github.com/jklundell/droop): test/blt/SC.blt, the Green Party of the United States
    // Steering Committee election of 24 July 2005, and test/ref/report/SC-scotland-fixed-p5-d5.txt,
    // its count under droop/rules/scotland.py (which quotes SSI 2007/42 rules 45 to 52), five decimal
    // places. Stage numbers here count the first preferences as stage 1, so Droop's "Round n" is
    // stage n + 1. The four candidates with no votes are level at every stage; Droop draws lots
    // among them and this count excludes the last nominated, which moves no vote either way.
    const { candidates, seats, ballots } = readBlt('gpus-2005-steering-committee.blt')
    const count = countScottishStv(candidates, ballots, seats, byOrder(candidates))
    assert.equal(count.ballots, 94)
    assert.equal(count.quota, 19 * UNIT)
    const named = (stage: number, names: string[]) => Object.fromEntries(names.map((name) => [name, votesAt(count, stage)[name]]))
    const hopeful = ['Budd Dickinson', 'Kirit Mookerjee', 'Tom Sevigny', 'Michael Piacsek', 'Kristen Olsen', 'Jason Jones', 'Steve Kramer']
    assert.deepEqual(count.stages[0]!.elected, ['Rebecca Rotzler', 'Pat LaMarche'])
    // Round 1: Rotzler's surplus of 14 (the larger) first.
    assert.deepEqual([count.stages[1]!.subject, formatVotes(count.stages[1]!.surplus!)], ['Rebecca Rotzler', '14.00000'])
    assert.deepEqual(named(2, hopeful), {
      'Budd Dickinson': '6.84848', 'Kirit Mookerjee': '3.42424', 'Tom Sevigny': '8.42424', 'Michael Piacsek': '2.42424',
      'Kristen Olsen': '12.45448', 'Jason Jones': '1.42424', 'Steve Kramer': '18.00000',
    })
    assert.equal(formatVotes(count.stages[1]!.lostToRounding), '0.00008')
    // Round 2: LaMarche's surplus of 3.
    assert.deepEqual(named(3, hopeful), {
      'Budd Dickinson': '7.80300', 'Kirit Mookerjee': '3.56060', 'Tom Sevigny': '9.24240', 'Michael Piacsek': '2.69696',
      'Kristen Olsen': '12.72720', 'Jason Jones': '1.42424', 'Steve Kramer': '18.54544',
    })
    // Rounds 3 to 6: the four with no votes, one a stage; then Jones, then Piacsek, which elects Kramer.
    assert.deepEqual(new Set(count.stages.slice(3, 7).map((stage) => stage.subject)), new Set(['Write-In 2', 'Write-In 1', 'Steve Greenfield', 'Jimmy Leas']))
    assert.deepEqual(count.stages.slice(3, 7).map((stage) => stage.action), ['exclusion', 'exclusion', 'exclusion', 'exclusion'])
    assert.equal(count.stages[7]!.subject, 'Jason Jones')
    assert.equal(votesAt(count, 8)['Kristen Olsen'], '14.15144')
    assert.equal(count.stages[8]!.subject, 'Michael Piacsek')
    assert.deepEqual(named(9, ['Budd Dickinson', 'Kirit Mookerjee', 'Tom Sevigny', 'Kristen Olsen', 'Steve Kramer']), {
      'Budd Dickinson': '8.80300', 'Kirit Mookerjee': '3.69696', 'Tom Sevigny': '9.24240', 'Kristen Olsen': '14.57568', 'Steve Kramer': '19.68180',
    })
    assert.deepEqual(count.stages[8]!.elected, ['Steve Kramer'])
    // Round 9: Kramer's surplus of 0.68180.
    assert.deepEqual([count.stages[9]!.subject, formatVotes(count.stages[9]!.surplus!)], ['Steve Kramer', '0.68180'])
    assert.deepEqual(named(10, ['Budd Dickinson', 'Kirit Mookerjee', 'Tom Sevigny', 'Kristen Olsen']), {
      'Budd Dickinson': '9.01084', 'Kirit Mookerjee': '3.95360', 'Tom Sevigny': '9.45496', 'Kristen Olsen': '14.57568',
    })
    assert.equal(formatVotes(count.stages[9]!.nonTransferable), '0.00472')
    assert.equal(formatVotes(count.stages[9]!.lostToRounding), '0.00020')
    // Round 10: Mookerjee; round 11: Dickinson.
    assert.equal(count.stages[10]!.subject, 'Kirit Mookerjee')
    assert.deepEqual(named(11, ['Budd Dickinson', 'Tom Sevigny', 'Kristen Olsen']), { 'Budd Dickinson': '9.36448', 'Tom Sevigny': '10.59132', 'Kristen Olsen': '15.61032' })
    assert.equal(formatVotes(count.stages[10]!.nonTransferable), '1.43368')
    assert.equal(count.stages[11]!.subject, 'Budd Dickinson')
    assert.deepEqual(named(12, ['Tom Sevigny', 'Kristen Olsen']), { 'Tom Sevigny': '16.62204', 'Kristen Olsen': '16.59988' })
    // One seat, two continuing: Sevigny is only just ahead, and is not elected early (no such rule
    // in the Order); Olsen is excluded and rule 52 fills the last seat.
    assert.deepEqual(count.stages[11]!.elected, [])
    assert.deepEqual([count.stages[12]!.action, count.stages[12]!.subject, count.stages[12]!.elected], ['exclusion', 'Kristen Olsen', ['Tom Sevigny']])
    assert.equal(votesAt(count, 13)['Tom Sevigny'], '18.59172')
    assert.equal(formatVotes(count.stages[12]!.nonTransferable), '18.40808')
    assert.equal(count.stages.length, 13)
    assert.deepEqual(count.elected, ['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Tom Sevigny'])
    assertConserved(count)
  })

  it('fills the last vacancies with the continuing candidates, transferring no surplus left (rule 52)', () => {
    // A is elected with a surplus; B and C continue for the 2 seats left: both are elected at once,
    // without moving A's surplus, although neither has the quota.
    const candidates = ['A', 'B', 'C']
    const ballots = [
      { preferences: ['A', 'B'], count: 9 },
      { preferences: ['B'], count: 2 },
      { preferences: ['C'], count: 1 },
    ]
    const count = countScottishStv(candidates, ballots, 3, byOrder(candidates))
    assert.equal(count.stages.length, 1)
    assert.deepEqual(count.stages[0]!.elected, ['A', 'B', 'C'])
  })

  it('transfers first the equal surplus of the candidate ahead at the most recent preceding stage at which they differed (rule 49(2))', () => {
    // SSI 2007/42 rule 49(2): "the transferable papers of the candidate who had the highest number
    // of votes at the end of the most recent preceding stage at which they had unequal numbers of
    // votes shall be transferred first". X led at stage 1, Y at stage 2; both reach 24 at stage 3
    // (quota 23, surplus 1 each): Y's surplus goes first. (A rule looking at the earliest stage,
    // as the Irish and ERS rules do, would pick X.)
    const candidates = ['X', 'Y', 'P', 'Q', 'S', 'T']
    const ballots = [
      { preferences: ['X', 'S'], count: 20 },
      { preferences: ['Y', 'T'], count: 18 },
      { preferences: ['P', 'X'], count: 4 },
      { preferences: ['P', 'Y'], count: 2 },
      { preferences: ['Q', 'Y'], count: 4 },
      { preferences: ['S'], count: 20 },
      { preferences: ['T'], count: 21 },
    ]
    const count = countScottishStv(candidates, ballots, 3, byOrder(candidates))
    assert.equal(count.quota, 23 * UNIT)
    assert.deepEqual(count.stages.slice(0, 4).map((stage) => [stage.action, stage.subject]), [
      ['first preferences', null], ['exclusion', 'Q'], ['exclusion', 'P'], ['surplus', 'Y'],
    ])
    assert.deepEqual(new Set(count.stages[2]!.elected), new Set(['X', 'Y']))
    assert.deepEqual([votesAt(count, 3).X, votesAt(count, 3).Y], ['24.00000', '24.00000'])
    assert.deepEqual(count.ties.find((tie) => tie.purpose === 'surplus transferred first'), { tied: ['Y', 'X'], chosen: 'Y', purpose: 'surplus transferred first', how: 'earlier stage' })
    assertConserved(count)
  })

  it('excludes, of candidates level and lowest, the one with fewer votes at the most recent preceding stage at which they differed (rule 51(2))', () => {
    // SSI 2007/42 rule 51(2)(a): "regard shall be had to the total number of votes credited to
    // those candidates at the end of the most recently preceding stage of the count at which they
    // had an unequal number of votes". Quota 9 (26 papers, 2 seats). Stage 1: X 3, Y 4. Stage 2,
    // A's surplus at 0.5: X 5, Y 4. Stage 3, Z excluded: X 5, Y 5. At stage 2 Y had fewer, so Y is
    // excluded (the earliest stage, stage 1, would have put X out) and X fills the last seat.
    const candidates = ['A', 'X', 'Y', 'Z']
    const ballots = [
      { preferences: ['A', 'X'], count: 4 },
      { preferences: ['A'], count: 14 },
      { preferences: ['X'], count: 3 },
      { preferences: ['Y'], count: 4 },
      { preferences: ['Z', 'Y'], count: 1 },
    ]
    const count = countScottishStv(candidates, ballots, 2, byOrder(candidates))
    assert.equal(count.quota, 9 * UNIT)
    assert.deepEqual(count.stages.map((stage) => [stage.action, stage.subject]), [
      ['first preferences', null], ['surplus', 'A'], ['exclusion', 'Z'], ['exclusion', 'Y'],
    ])
    assert.deepEqual([votesAt(count, 3).X, votesAt(count, 3).Y], ['5.00000', '5.00000'])
    assert.deepEqual(count.ties, [{ tied: ['X', 'Y'], chosen: 'Y', purpose: 'excluded', how: 'earlier stage' }])
    assert.deepEqual(count.elected, ['A', 'X'])
    assertConserved(count)
  })

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
      [['first preferences', null], ['surplus', 'A'], ['exclusion', 'E'], ['exclusion', 'C'], ['exclusion', 'B']],
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
