import { takesNominations } from '../../../domain/board-election.ts'
import { AppError } from '../../../domain/errors.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import type { Action } from '../../tx.ts'
import { ElectionRoundNotFoundError } from './round-record.ts'

export class NominationsClosedError extends AppError {
  constructor() {
    super('This round is not taking nominations')
  }
}

export interface NewNomination {
  roundId: string
  fullName: string
  email: string
  statement: string
  now?: Date
}

/**
 * Someone stands for the board: their nomination is stored for the admins to review, and they
 * are emailed a receipt. One nomination per address per round: a second one from the same
 * address stores nothing and emails the address that the first was already received, so the
 * page says the same either way. NominationsClosedError outside the nomination dates.
 */
export const submitNomination: Action<NewNomination, void> = async (tx, { roundId, fullName, email, statement, now = new Date() }, actor) => {
  const rounds: { id: string; name: string; slug: string; status: 'nominations'; nominations_open_on: string; nominations_close_on: string; voting_opens_on: string; voting_closes_on: string }[] = await tx.manager.query(
    `SELECT id, name, slug, status, nominations_open_on::text, nominations_close_on::text, voting_opens_on::text, voting_closes_on::text
     FROM board_election_rounds WHERE id = $1 FOR SHARE`,
    [roundId],
  )
  const round = rounds[0]
  if (!round) throw new ElectionRoundNotFoundError()
  const dates = { nominationsOpenOn: round.nominations_open_on, nominationsCloseOn: round.nominations_close_on, votingOpensOn: round.voting_opens_on, votingClosesOn: round.voting_closes_on }
  if (!takesNominations({ ...dates, status: round.status }, todayInLondon(now))) throw new NominationsClosedError()
  const inserted: { id: string }[] = await tx.manager.query(
    `INSERT INTO board_nominations (round_id, full_name, email, statement, consented_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (round_id, email) DO NOTHING RETURNING id`,
    [round.id, fullName, email, statement],
  )
  const id = inserted[0]?.id ?? null
  const data = { fullName, roundName: round.name, roundSlug: round.slug, nominationsCloseOn: round.nominations_close_on, again: id === null }
  await tx.email({ key: `board-nomination-received:${round.id}:${id ?? `again:${email}:${now.getTime()}`}`, template: 'board-nomination-received', to: email, data })
  if (id) await tx.audit(actor, { action: 'board-nomination.submitted', subjectType: 'board_nomination', subjectId: id })
}
