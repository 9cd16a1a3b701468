import { roundSlug, type RoundDetails } from '../../../domain/board-election.ts'
import type { Action } from '../../tx.ts'

export type NewElectionRound = RoundDetails

/**
 * An admin sets up an election round with the procedure the board chose. Its address comes from
 * its name, with a number added when another round has it. Returns the slug.
 */
export const createElectionRound: Action<NewElectionRound, string> = async (tx, round, actor) => {
  const base = roundSlug(round.name)
  const taken: { slug: string }[] = await tx.manager.query(`SELECT slug FROM board_election_rounds WHERE slug = $1 OR slug LIKE $1 || '-%'`, [base])
  let slug = base
  for (let n = 2; taken.some((row) => row.slug === slug); n += 1) slug = `${base}-${n}`
  const [row]: { id: string }[] = await tx.manager.query(
    `INSERT INTO board_election_rounds (slug, name, seats, nominations_open_on, nominations_close_on, voting_opens_on, voting_closes_on, method, tie_rule, procedure, created_by)
     VALUES ($1, $2, $3, $4::date, $5::date, $6::date, $7::date, $8, $9, $10, $11) RETURNING id`,
    [slug, round.name, round.seats, round.nominationsOpenOn, round.nominationsCloseOn, round.votingOpensOn, round.votingClosesOn, round.method, round.tieRule, round.procedure, actor.type === 'staff' ? actor.id : null],
  )
  await tx.audit(actor, { action: 'board-election.created', subjectType: 'board_election_round', subjectId: row!.id, note: `${round.method}, ${round.seats} seats, ties: ${round.tieRule}` })
  return slug
}
