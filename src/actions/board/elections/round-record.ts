import type { EntityManager } from 'typeorm'
import { AppError } from '../../../domain/errors.ts'
import type { ElectionMethod, TieRule } from '../../../domain/board-election.ts'
import type { ElectionRoundStatus } from '../../../domain/election-round-status.ts'

// What the election actions share: the round's row, locked at the version the admin saw, and
// the refusals they give.

export class ElectionRoundNotFoundError extends AppError {
  constructor() {
    super('No such election round')
  }
}

/** Someone else changed the round since the page was shown. Nothing was written. */
export class StaleElectionRoundError extends AppError {
  constructor() {
    super('The election round was changed by someone else')
  }
}

export class NominationNotFoundError extends AppError {
  constructor() {
    super('No such nomination in this round')
  }
}

export class StaleNominationError extends AppError {
  constructor() {
    super('The nomination was changed by someone else')
  }
}

export interface LockedRound {
  id: string
  slug: string
  name: string
  seats: number
  status: ElectionRoundStatus
  version: number
  method: ElectionMethod
  tie_rule: TieRule
  voting_closes_on: string
}

/**
 * The round's row, locked until the transaction ends; with `version`, StaleElectionRoundError
 * unless it is the version the admin saw.
 */
export async function lockRound(manager: EntityManager, roundId: string, version?: number): Promise<LockedRound> {
  const rows: LockedRound[] = await manager.query(
    `SELECT id, slug, name, seats, status, version, method, tie_rule, voting_closes_on::text AS voting_closes_on
     FROM board_election_rounds WHERE id = $1 FOR UPDATE`,
    [roundId],
  )
  const round = rows[0]
  if (!round) throw new ElectionRoundNotFoundError()
  if (version !== undefined && round.version !== version) throw new StaleElectionRoundError()
  return round
}

/** Moves the locked round to `to`, a step of its machine, one version on. */
export async function setRoundStatus(manager: EntityManager, round: LockedRound, to: ElectionRoundStatus): Promise<void> {
  await manager.query(`UPDATE board_election_rounds SET status = $2, version = version + 1, updated_at = now() WHERE id = $1`, [round.id, to])
}
