import { takesVotes } from '../../../domain/board-election.ts'
import { AppError } from '../../../domain/errors.ts'
import { CANDIDATE_NOMINATION_STATUSES } from '../../../domain/nomination-status.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import { hashToken, isWellFormedToken } from '../../../services/tokens.ts'
import type { Action } from '../../tx.ts'

/** The link cannot be used to vote: unknown, expired, already used, or voting has closed. */
export class BallotLinkUnusableError extends AppError {
  constructor(readonly reason: 'used' | 'unusable') {
    super(reason === 'used' ? 'This ballot link has already been used' : 'This ballot link cannot be used')
  }
}

export class BallotChoicesInvalidError extends AppError {
  constructor() {
    super('The ballot names someone who is not a candidate')
  }
}

/**
 * Records a vote, secretly, in one transaction:
 * 1. the elector's link is used up and they are marked as having voted, by one conditional
 *    UPDATE, so of two requests racing with the same link only one gets past it;
 * 2. the ballot is added with only its round and choices (no elector, no link, no time);
 * 3. every ballot of the round is written again in the order of their random ids, so that no
 *    ballot stands out as the latest (see migrations/1766103000000-board-ballots.ts).
 * The round's row is locked for the whole transaction, so votes in a round go one at a time: two
 * rewriting the ballots at once would leave the second vote's ballot alone in its transaction,
 * beside its elector's has-voted row.
 * No audit row is written for a vote: it would say who voted when.
 */
export const castBallot: Action<{ roundId: string; token: string; choices: string[]; now?: Date }, void> = async (tx, { roundId, token, choices, now = new Date() }) => {
  if (!isWellFormedToken(token)) throw new BallotLinkUnusableError('unusable')
  const [round]: { status: 'voting'; nominations_open_on: string; nominations_close_on: string; voting_opens_on: string; voting_closes_on: string }[] = await tx.manager.query(
    `SELECT status, nominations_open_on::text, nominations_close_on::text, voting_opens_on::text, voting_closes_on::text FROM board_election_rounds WHERE id = $1 FOR UPDATE`,
    [roundId],
  )
  const dates = round && { nominationsOpenOn: round.nominations_open_on, nominationsCloseOn: round.nominations_close_on, votingOpensOn: round.voting_opens_on, votingClosesOn: round.voting_closes_on }
  if (!round || !takesVotes({ ...dates!, status: round.status }, todayInLondon(now))) throw new BallotLinkUnusableError('unusable')
  const [marked]: [unknown[], number] = await tx.manager.query(
    `UPDATE board_electors SET voted = true WHERE round_id = $1 AND token_hash = $2 AND NOT voted AND link_expires_at > $3 RETURNING 1`,
    [roundId, hashToken(token), now],
  )
  if (marked.length !== 1) {
    const used: unknown[] = await tx.manager.query(`SELECT 1 FROM board_electors WHERE round_id = $1 AND token_hash = $2 AND voted`, [roundId, hashToken(token)])
    throw new BallotLinkUnusableError(used.length > 0 ? 'used' : 'unusable')
  }
  const candidates: { id: string }[] = await tx.manager.query(`SELECT id FROM board_nominations WHERE round_id = $1 AND status = ANY($2::text[])`, [roundId, CANDIDATE_NOMINATION_STATUSES])
  const known = new Set(candidates.map((row) => row.id))
  if (choices.length === 0 || new Set(choices).size !== choices.length || choices.some((id) => !known.has(id))) throw new BallotChoicesInvalidError()
  await tx.manager.query(`INSERT INTO board_ballots (round_id, choices) VALUES ($1, $2::uuid[])`, [roundId, choices])
  await tx.manager.query(
    `WITH taken AS (DELETE FROM board_ballots WHERE round_id = $1 RETURNING id, round_id, choices)
     INSERT INTO board_ballots (id, round_id, choices) SELECT id, round_id, choices FROM taken ORDER BY id`,
    [roundId],
  )
}
