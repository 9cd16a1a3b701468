import { randomBytes } from 'node:crypto'
import type { RecordedCount } from '../../../domain/board-count.ts'
import { countApproval } from '../../../domain/count-approval.ts'
import { countScottishStv } from '../../../domain/count-scottish-stv.ts'
import { tieBreaker } from '../../../domain/count-tie-break.ts'
import { ELECTION_ROUND_MACHINE } from '../../../domain/election-round-status.ts'
import { nextStatus } from '../../../domain/status-machine.ts'
import { CANDIDATE_NOMINATION_STATUSES } from '../../../domain/nomination-status.ts'
import type { Action } from '../../tx.ts'
import { lockRound, setRoundStatus } from './round-record.ts'

/**
 * Closes voting and counts, from the version the admin saw: unused ballot links stop working,
 * the ballots are counted by the round's method with ties resolved by its rule (a draw by lot
 * uses a new random seed, kept with the count so anyone can repeat it), and the count is stored
 * for the admins to check before they publish it.
 */
export const countElection: Action<{ roundId: string; version: number }, RecordedCount> = async (tx, { roundId, version }, actor) => {
  const round = await lockRound(tx.manager, roundId, version)
  const to = nextStatus(ELECTION_ROUND_MACHINE, round.status, 'count')
  await setRoundStatus(tx.manager, round, to)
  await tx.manager.query(`UPDATE board_electors SET token_hash = NULL, link_expires_at = NULL WHERE round_id = $1`, [roundId])
  // Nomination order: the order the nominations arrived, which the nomination-order tie rule uses.
  const candidates: { id: string; name: string }[] = await tx.manager.query(
    `SELECT id, full_name AS name FROM board_nominations WHERE round_id = $1 AND status = ANY($2::text[]) ORDER BY created_at, id`,
    [roundId, CANDIDATE_NOMINATION_STATUSES],
  )
  const ballots: { choices: string[] }[] = await tx.manager.query(`SELECT choices FROM board_ballots WHERE round_id = $1 ORDER BY id`, [roundId])
  const [turnout]: { electors: number; voted: number }[] = await tx.manager.query(
    `SELECT count(*)::int AS electors, (count(*) FILTER (WHERE voted))::int AS voted FROM board_electors WHERE round_id = $1`,
    [roundId],
  )
  const seed = randomBytes(16).toString('hex')
  const ids = candidates.map((candidate) => candidate.id)
  const ties = tieBreaker(round.tie_rule, ids, seed)
  const count =
    round.method === 'approval'
      ? countApproval(ids, ballots.map((ballot) => ballot.choices), round.seats, ties)
      : countScottishStv(ids, ballots.map((ballot) => ({ preferences: ballot.choices, count: 1 })), round.seats, ties)
  const recorded: RecordedCount = { candidates, count, electors: turnout?.electors ?? 0, voted: turnout?.voted ?? 0 }
  await tx.manager.query(`INSERT INTO board_election_results (round_id, count, seed) VALUES ($1, $2::jsonb, $3)`, [roundId, JSON.stringify(recorded), seed])
  await tx.audit(actor, { action: 'board-election.count', subjectType: 'board_election_round', subjectId: round.id, fromStatus: round.status, toStatus: to, note: `${ballots.length} ballots` })
  return recorded
}
