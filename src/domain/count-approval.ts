// Approval voting: each ballot approves any number of candidates; the candidates with the most
// approvals fill the seats. A tie for the last seat is resolved by the round's rule.
import type { TieBreaker, TieResolution } from './count-tie-break.ts'

export interface ApprovalCount {
  method: 'approval'
  ballots: number
  /** Approvals per candidate, most first (nomination order among equals). */
  tally: { candidate: string; votes: number }[]
  elected: string[]
  ties: TieResolution[]
}

/** `candidates` in nomination order; each ballot the candidates it approves (others are ignored). */
export function countApproval(candidates: readonly string[], ballots: readonly (readonly string[])[], seats: number, ties: TieBreaker): ApprovalCount {
  const votes = new Map(candidates.map((candidate) => [candidate, 0]))
  for (const ballot of ballots) {
    for (const candidate of new Set(ballot)) if (votes.has(candidate)) votes.set(candidate, votes.get(candidate)! + 1)
  }
  const tally = candidates.map((candidate) => ({ candidate, votes: votes.get(candidate)! })).sort((a, b) => b.votes - a.votes)
  const elected: string[] = []
  let remaining = tally.map((row) => row.candidate)
  while (elected.length < Math.min(seats, candidates.length)) {
    const top = Math.max(...remaining.map((candidate) => votes.get(candidate)!))
    const level = remaining.filter((candidate) => votes.get(candidate) === top)
    const free = Math.min(seats, candidates.length) - elected.length
    const chosen = level.length <= free ? level : [ties.most(level, 'elected')]
    elected.push(...chosen)
    remaining = remaining.filter((candidate) => !chosen.includes(candidate))
  }
  return { method: 'approval', ballots: ballots.length, tally, elected, ties: ties.resolutions }
}
