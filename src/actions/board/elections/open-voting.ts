import { CANDIDATE_NOMINATION_STATUSES } from '../../../domain/nomination-status.ts'
import { ELECTION_ROUND_MACHINE } from '../../../domain/election-round-status.ts'
import { nextStatus } from '../../../domain/status-machine.ts'
import { AppError } from '../../../domain/errors.ts'
import { createToken } from '../../../services/tokens.ts'
import type { Action } from '../../tx.ts'
import { lockRound, setRoundStatus } from './round-record.ts'

/** Voting needs candidates to vote for and electors to vote. */
export class NotReadyToVoteError extends AppError {
  constructor(readonly missing: 'candidates' | 'electors') {
    super(missing === 'candidates' ? 'No candidates have been published' : 'No electors have been added')
  }
}

/**
 * Opens voting, from the version the admin saw: the candidates and electors are fixed, and every
 * elector is emailed a one-time ballot link (only its hash is kept) that works until the end of
 * the day voting closes, London time. Returns how many were emailed.
 */
export const openVoting: Action<{ roundId: string; version: number }, number> = async (tx, { roundId, version }, actor) => {
  const round = await lockRound(tx.manager, roundId, version)
  const to = nextStatus(ELECTION_ROUND_MACHINE, round.status, 'open_voting')
  const [counted]: { candidates: number }[] = await tx.manager.query(`SELECT count(*)::int AS candidates FROM board_nominations WHERE round_id = $1 AND status = ANY($2::text[])`, [
    roundId,
    CANDIDATE_NOMINATION_STATUSES,
  ])
  const candidates = counted?.candidates ?? 0
  if (candidates === 0) throw new NotReadyToVoteError('candidates')
  const electors: { id: string; email: string }[] = await tx.manager.query(`SELECT id, email FROM board_electors WHERE round_id = $1 ORDER BY email`, [roundId])
  if (electors.length === 0) throw new NotReadyToVoteError('electors')
  await setRoundStatus(tx.manager, round, to)
  for (const elector of electors) {
    const { token, hash } = createToken()
    await tx.manager.query(
      `UPDATE board_electors SET token_hash = $2, link_expires_at = ((r.voting_closes_on + 1)::timestamp AT TIME ZONE 'Europe/London')
       FROM board_election_rounds r WHERE board_electors.id = $1 AND r.id = board_electors.round_id`,
      [elector.id, hash],
    )
    await tx.email({
      key: `board-ballot:${round.id}:${elector.id}`,
      template: 'board-ballot',
      to: elector.email,
      data: { roundName: round.name, roundSlug: round.slug, token, votingClosesOn: round.voting_closes_on, method: round.method, seats: round.seats },
    })
  }
  await tx.audit(actor, { action: 'board-election.open-voting', subjectType: 'board_election_round', subjectId: round.id, fromStatus: round.status, toStatus: to, note: `${electors.length} electors, ${candidates} candidates` })
  return electors.length
}
