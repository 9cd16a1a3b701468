// What a board election's count records: the method's own count (approval tally or STV stages),
// and the candidates by id with their names, so the result page needs nothing else.
import type { ApprovalCount } from './count-approval.ts'
import type { StvCount } from './count-scottish-stv.ts'

export interface RecordedCount {
  candidates: { id: string; name: string }[]
  count: ApprovalCount | StvCount
  /** How many electors there were, and how many voted. */
  electors: number
  voted: number
}
