import type { ElectionMethod } from '../../domain/board-election.ts'
import { asList, asString, type Errors, type Parsed } from '../validation.ts'

export interface BallotValues {
  /** Approval: the ids ticked. STV: each candidate's typed number, by id. */
  approved: string[]
  ranks: Record<string, string>
}

/**
 * A ballot as the elector filled it in, for the candidates on it (`candidateIds`). Approval: tick
 * at least one. STV: number the candidates 1, 2, 3 ... in order of preference, as many as you
 * like, with no number used twice or skipped. `choices` is what is recorded: ids, in order.
 */
export function parseBallot(body: Record<string, unknown>, method: ElectionMethod, candidateIds: readonly string[]): Parsed<BallotValues> & { choices: string[] | null } {
  const errors: Errors = {}
  if (method === 'approval') {
    const ticked = asList(body.approved)
    const approved = candidateIds.filter((id) => ticked.includes(id))
    if (approved.length === 0 || approved.length !== new Set(ticked).size) errors.approved = 'Select at least one candidate you approve of'
    return { values: { approved, ranks: {} }, errors, choices: Object.keys(errors).length === 0 ? approved : null }
  }
  const ranks: Record<string, string> = {}
  for (const id of candidateIds) ranks[id] = asString(body[`rank-${id}`]).trim()
  const numbered = candidateIds.filter((id) => ranks[id] !== '')
  const firstField = `rank-${candidateIds[0] ?? ''}`
  if (numbered.length === 0) errors[firstField] = 'Number at least one candidate: 1 for your first choice'
  else if (numbered.some((id) => !/^\d{1,3}$/.test(ranks[id]!))) errors[`rank-${numbered.find((id) => !/^\d{1,3}$/.test(ranks[id]!))!}`] = 'Use whole numbers only, like 1, 2 and 3'
  else {
    const numbers = numbered.map((id) => Number(ranks[id]))
    const sorted = [...numbers].sort((a, b) => a - b)
    if (sorted.some((number, index) => number !== index + 1)) {
      errors[`rank-${numbered[0]!}`] = `Number your choices 1 to ${numbered.length}, using each number once, with no gaps`
    }
  }
  const choices = Object.keys(errors).length === 0 ? [...numbered].sort((a, b) => Number(ranks[a]) - Number(ranks[b])) : null
  return { values: { approved: [], ranks }, errors, choices }
}
