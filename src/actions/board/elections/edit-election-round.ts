import { canEditRound, type RoundDetails } from '../../../domain/board-election.ts'
import { AppError } from '../../../domain/errors.ts'
import type { ElectionRoundStatus } from '../../../domain/election-round-status.ts'
import type { Action } from '../../tx.ts'
import { ElectionRoundNotFoundError, StaleElectionRoundError } from './round-record.ts'

/** The round has moved on (nominations have closed, or voting has opened): its details stay. */
export class ElectionRoundNotEditableError extends AppError {
  constructor() {
    super('The election round can no longer be changed')
  }
}

const FIELDS: [keyof RoundDetails, string][] = [
  ['name', 'name'],
  ['seats', 'seats'],
  ['nominationsOpenOn', 'nominations_open_on'],
  ['nominationsCloseOn', 'nominations_close_on'],
  ['votingOpensOn', 'voting_opens_on'],
  ['votingClosesOn', 'voting_closes_on'],
  ['method', 'method'],
  ['tieRule', 'tie_rule'],
  ['procedure', 'procedure'],
]

/**
 * An admin changes a round's details from the version they saw, while nominations have not
 * closed. The address stays as it was published. The audit row names the fields that changed.
 */
export const editElectionRound: Action<{ roundId: string; version: number; details: RoundDetails; today: string }, void> = async (tx, { roundId, version, details, today }, actor) => {
  const rows: (Record<string, string | number> & { status: ElectionRoundStatus; version: number; nominations_close_on: string })[] = await tx.manager.query(
    `SELECT status, version, name, seats, nominations_open_on::text AS nominations_open_on, nominations_close_on::text AS nominations_close_on,
       voting_opens_on::text AS voting_opens_on, voting_closes_on::text AS voting_closes_on, method, tie_rule, procedure
     FROM board_election_rounds WHERE id = $1`,
    [roundId],
  )
  const before = rows[0]
  if (!before) throw new ElectionRoundNotFoundError()
  if (before.version !== version) throw new StaleElectionRoundError()
  if (!canEditRound({ status: before.status, nominationsCloseOn: before.nominations_close_on }, today)) throw new ElectionRoundNotEditableError()
  // The version check and the write are one statement, so two admins editing at once cannot both win.
  const [, changed]: [unknown[], number] = await tx.manager.query(
    `UPDATE board_election_rounds
     SET name = $3, seats = $4, nominations_open_on = $5::date, nominations_close_on = $6::date, voting_opens_on = $7::date, voting_closes_on = $8::date,
       method = $9, tie_rule = $10, procedure = $11, version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2`,
    [roundId, version, details.name, details.seats, details.nominationsOpenOn, details.nominationsCloseOn, details.votingOpensOn, details.votingClosesOn, details.method, details.tieRule, details.procedure],
  )
  if (changed !== 1) throw new StaleElectionRoundError()
  const fields = FIELDS.filter(([key, column]) => String(before[column]) !== String(details[key])).map(([key]) => key)
  await tx.audit(actor, { action: 'board-election.edited', subjectType: 'board_election_round', subjectId: roundId, note: fields.length > 0 ? `Changed: ${fields.join(', ')}` : 'Nothing changed' })
}
