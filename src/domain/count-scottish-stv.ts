// Single transferable vote counted by the rules for Scottish local government elections (The
// Scottish Local Government Elections Order 2007, SSI 2007/42, schedule 1, rules 45 to 52).
//
// Written here rather than taken from npm: no package on the registry implements these rules
// with tests (the STV packages there count other variants, or none of them says which). So it
// follows the Order, and tests/unit/board-counting.test.ts checks it against published worked
// examples and real Scottish council counts.
//
// The rules, as counted here:
// - quota (rule 46): the valid first preferences divided by one more than the seats, ignoring any
//   remainder, plus one;
// - a candidate whose votes reach the quota is elected (rules 47, 48), and is no longer a
//   continuing candidate: later papers skip them;
// - surpluses (rules 48, 49): the largest first; every paper the elected candidate holds moves to
//   its next continuing preference at a value of (surplus x the paper's value) / the candidate's
//   votes, worked to five decimal places with any remainder ignored; papers with no further
//   preference are non-transferable;
// - equal surpluses, or equal lowest votes (rules 49(2), 51(2)): the candidate with more (or
//   fewer) votes "at the end of the most recent preceding stage" at which they differed (not the
//   earliest stage, as in some other STV rules); level at every stage, the round's tie rule (the
//   Order says by lot);
// - with no surplus to transfer, the candidate with the fewest votes is excluded (rules 50, 51),
//   and all their papers move, at the value they had, in one stage;
// - the last vacancies (rule 52): once the continuing candidates are no more than the vacancies,
//   they are elected, and no surplus left is transferred. The Order has no other shortcut: unlike
//   the Northern Ireland and ERS rules, a candidate with more votes than all the others together
//   is not elected early; surpluses and exclusions carry on until rule 47 or 52 elects them.
//   (After an exclusion, the excluded candidate's papers are still moved in that stage, as
//   electronic counts do; SSI 2021/437 made clear that such a transfer is harmless.)
// Votes are whole numbers of hundred-thousandths, so no floating point error creeps in.
import type { TieBreaker, TieResolution } from './count-tie-break.ts'

/** One hundred-thousandth of a vote: values are worked to five decimal places. */
export const UNIT = 100_000

export interface RankedBallots {
  /** Candidates in order of preference (unknown or repeated ones are skipped). */
  preferences: readonly string[]
  /** How many ballots ranked exactly so. */
  count: number
}

export interface StvStage {
  number: number
  /** What the stage did. */
  action: 'first preferences' | 'surplus' | 'exclusion'
  /** Whose surplus was transferred, or who was excluded. */
  subject: string | null
  /** The surplus and the value each paper moved at (surplus stages), in hundred-thousandths. */
  surplus: number | null
  transferValues: number[]
  /** Every candidate's votes at the end of the stage, in hundred-thousandths. */
  votes: Record<string, number>
  /** Votes on papers with no further preference, so far; and what ignoring remainders lost, so far. */
  nonTransferable: number
  lostToRounding: number
  /** Elected at the end of this stage (in the order they were declared), and excluded in it. */
  elected: string[]
  excluded: string[]
}

export interface StvCount {
  method: 'stv'
  /** Valid ballots: those with at least one known candidate. */
  ballots: number
  quota: number
  seats: number
  stages: StvStage[]
  elected: string[]
  ties: TieResolution[]
}

interface Parcel {
  preferences: readonly string[]
  /** Where on the paper its current candidate is. */
  at: number
  count: number
  /** Each paper's value, in hundred-thousandths. */
  value: number
}

type Status = 'continuing' | 'elected' | 'excluded'

/**
 * Counts ranked ballots for `seats`. `candidates` are in nomination order (the tie rule may use
 * it); `ties` resolves what the earlier stages cannot.
 */
export function countScottishStv(candidates: readonly string[], ballots: readonly RankedBallots[], seats: number, ties: TieBreaker): StvCount {
  const known = new Set(candidates)
  const status = new Map<string, Status>(candidates.map((candidate) => [candidate, 'continuing']))
  const piles = new Map<string, Parcel[]>(candidates.map((candidate) => [candidate, []]))
  const votes = new Map<string, number>(candidates.map((candidate) => [candidate, 0]))
  const stages: StvStage[] = []
  const elected: string[] = []
  const pendingSurplus: string[] = []
  let nonTransferable = 0
  let lostToRounding = 0

  // A paper's preferences: known candidates, each once, in order.
  const cleaned = ballots
    .map((ballot) => ({ preferences: [...new Set(ballot.preferences.filter((candidate) => known.has(candidate)))], count: ballot.count }))
    .filter((ballot) => ballot.preferences.length > 0 && ballot.count > 0)
  const valid = cleaned.reduce((sum, ballot) => sum + ballot.count, 0)
  const quota = (Math.floor(valid / (seats + 1)) + 1) * UNIT

  const continuing = () => candidates.filter((candidate) => status.get(candidate) === 'continuing')

  /** Gives the parcel to its next continuing preference after `from`, at `value`; false when it has none. */
  function pass(parcel: Parcel, from: number, value: number): boolean {
    for (let at = from + 1; at < parcel.preferences.length; at += 1) {
      const candidate = parcel.preferences[at]!
      if (status.get(candidate) !== 'continuing') continue
      piles.get(candidate)!.push({ ...parcel, at, value })
      votes.set(candidate, votes.get(candidate)! + parcel.count * value)
      return true
    }
    nonTransferable += parcel.count * value
    return false
  }

  /** Elects the continuing candidates who reached the quota, the most votes first. */
  function electReached(stage: StvStage): void {
    const reached = continuing().filter((candidate) => votes.get(candidate)! >= quota)
    for (const candidate of orderBy(reached, 'most', 'elected with the same votes')) {
      declare(candidate, stage)
      if (votes.get(candidate)! > quota) pendingSurplus.push(candidate)
    }
  }

  function declare(candidate: string, stage: StvStage): void {
    status.set(candidate, 'elected')
    elected.push(candidate)
    stage.elected.push(candidate)
  }

  /** Candidates sorted by votes (most or fewest first), level ones by earlier stages, then the tie rule. */
  function orderBy(group: readonly string[], favour: 'most' | 'fewest', purpose: string): string[] {
    const left = [...group]
    const ordered: string[] = []
    while (left.length > 0) {
      const pick = favour === 'most' ? pickMost(left, purpose) : pickFewest(left, purpose)
      ordered.push(pick)
      left.splice(left.indexOf(pick), 1)
    }
    return ordered
  }

  function pickBy(group: readonly string[], better: (a: number, b: number) => boolean, purpose: string, breakTie: (tied: string[]) => string): string {
    const best = (values: (candidate: string) => number) => {
      let top = values(group[0]!)
      for (const candidate of group) if (better(values(candidate), top)) top = values(candidate)
      return group.filter((candidate) => values(candidate) === top)
    }
    let level = best((candidate) => votes.get(candidate)!)
    if (level.length === 1) return level[0]!
    // The most recent earlier stage at which they differed.
    for (let index = stages.length - 1; index >= 0 && level.length > 1; index -= 1) {
      const earlier = stages[index]!.votes
      const values = level.map((candidate) => earlier[candidate] ?? 0)
      if (values.every((value) => value === values[0])) continue
      const inner = level
      let top = earlier[inner[0]!] ?? 0
      for (const candidate of inner) if (better(earlier[candidate] ?? 0, top)) top = earlier[candidate] ?? 0
      const narrowed = inner.filter((candidate) => (earlier[candidate] ?? 0) === top)
      if (narrowed.length === 1) {
        ties.resolutions.push({ tied: [...level], chosen: narrowed[0]!, purpose, how: 'earlier stage' })
        return narrowed[0]!
      }
      level = narrowed
    }
    return breakTie(level)
  }

  const pickMost = (group: readonly string[], purpose: string) => pickBy(group, (a, b) => a > b, purpose, (tied) => ties.most(tied, purpose))
  const pickFewest = (group: readonly string[], purpose: string) => pickBy(group, (a, b) => a < b, purpose, (tied) => ties.least(tied, purpose))

  function finish(stage: StvStage): StvStage {
    stage.votes = Object.fromEntries(candidates.map((candidate) => [candidate, votes.get(candidate)!]))
    stage.nonTransferable = nonTransferable
    stage.lostToRounding = lostToRounding
    stages.push(stage)
    return stage
  }

  const newStage = (action: StvStage['action'], subject: string | null): StvStage => ({
    number: stages.length + 1,
    action,
    subject,
    surplus: null,
    transferValues: [],
    votes: {},
    nonTransferable: 0,
    lostToRounding: 0,
    elected: [],
    excluded: [],
  })

  /** Rule 52: the continuing candidates fill the last vacancies once there are no more of them. True when the count is over. */
  function fillLastVacancies(stage: StvStage): boolean {
    const vacancies = seats - elected.length
    if (vacancies <= 0) return true
    const left = continuing()
    if (left.length > vacancies) return false
    for (const candidate of orderBy(left, 'most', 'elected with the same votes')) declare(candidate, stage)
    return true
  }

  // Stage 1: first preferences.
  const first = newStage('first preferences', null)
  for (const ballot of cleaned) {
    const candidate = ballot.preferences[0]!
    piles.get(candidate)!.push({ preferences: ballot.preferences, at: 0, count: ballot.count, value: UNIT })
    votes.set(candidate, votes.get(candidate)! + ballot.count * UNIT)
  }
  electReached(first)
  fillLastVacancies(first)
  finish(first)

  while (elected.length < Math.min(seats, candidates.length)) {
    if (pendingSurplus.length > 0) {
      const candidate = pickMost(pendingSurplus, 'surplus transferred first')
      pendingSurplus.splice(pendingSurplus.indexOf(candidate), 1)
      const stage = newStage('surplus', candidate)
      const total = votes.get(candidate)!
      const surplus = total - quota
      stage.surplus = surplus
      const values = new Set<number>()
      let moved = 0
      for (const parcel of piles.get(candidate)!) {
        // (surplus x the paper's value) / the candidate's votes, five decimal places, remainder ignored.
        const value = Number((BigInt(surplus) * BigInt(parcel.value)) / BigInt(total))
        values.add(value)
        moved += parcel.count * value
        pass(parcel, parcel.at, value)
      }
      lostToRounding += surplus - moved
      stage.transferValues = [...values].sort((a, b) => b - a)
      piles.set(candidate, [])
      votes.set(candidate, quota)
      electReached(stage)
      fillLastVacancies(stage)
      finish(stage)
      continue
    }
    // No surplus: the candidate with the fewest votes is excluded, all their papers in one stage.
    // (Rule 52 was tried at the end of the last stage: more candidates continue than there are vacancies.)
    if (continuing().length === 0) break
    const stage = newStage('exclusion', null)
    const excluded = pickFewest(continuing(), 'excluded')
    stage.subject = excluded
    stage.excluded.push(excluded)
    status.set(excluded, 'excluded')
    const values = new Set<number>()
    for (const parcel of piles.get(excluded)!) {
      values.add(parcel.value)
      pass(parcel, parcel.at, parcel.value)
    }
    stage.transferValues = [...values].sort((a, b) => b - a)
    piles.set(excluded, [])
    votes.set(excluded, 0)
    electReached(stage)
    fillLastVacancies(stage)
    finish(stage)
  }

  return { method: 'stv', ballots: valid, quota, seats, stages, elected, ties: ties.resolutions }
}

/** Hundred-thousandths as a number of votes with five decimal places: 1199996 -> "11.99996". */
export function formatVotes(units: number): string {
  const whole = Math.floor(units / UNIT)
  return `${whole}.${String(units - whole * UNIT).padStart(5, '0')}`
}
