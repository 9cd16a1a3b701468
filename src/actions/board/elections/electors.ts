import { ELECTOR_LIST_ROUND_STATUSES } from '../../../domain/election-round-status.ts'
import { AppError } from '../../../domain/errors.ts'
import type { Action } from '../../tx.ts'
import { lockRound } from './round-record.ts'

/** Voting has opened: the list of electors is fixed. */
export class ElectorsFixedError extends AppError {
  constructor() {
    super('Voting has opened: the electors can no longer change')
  }
}

export class ElectorNotFoundError extends AppError {
  constructor() {
    super('No such elector in this round')
  }
}

export class ElectorUploadNotFoundError extends AppError {
  constructor() {
    super('No such elector upload waiting for this round')
  }
}

async function lockOpenList(tx: Parameters<Action<unknown, unknown>>[0], roundId: string) {
  const round = await lockRound(tx.manager, roundId)
  if (!ELECTOR_LIST_ROUND_STATUSES.includes(round.status)) throw new ElectorsFixedError()
  return round
}

/**
 * Keeps a checked CSV of electors for the admin to confirm (nothing is added yet), replacing any
 * earlier one they had not confirmed. Returns the upload's id.
 */
export const stageElectorUpload: Action<{ roundId: string; emails: string[] }, string> = async (tx, { roundId, emails }, actor) => {
  await lockOpenList(tx, roundId)
  const createdBy = actor.type === 'staff' ? actor.id : null
  await tx.manager.query(`DELETE FROM board_elector_uploads WHERE round_id = $1 AND created_by IS NOT DISTINCT FROM $2`, [roundId, createdBy])
  const [row]: { id: string }[] = await tx.manager.query(`INSERT INTO board_elector_uploads (round_id, emails, created_by) VALUES ($1, $2::text[], $3) RETURNING id`, [roundId, emails, createdBy])
  return row!.id
}

/** Adds every address of a confirmed upload at once (those already on the list stay as they are). Returns how many were added. */
export const confirmElectorUpload: Action<{ roundId: string; uploadId: string }, number> = async (tx, { roundId, uploadId }, actor) => {
  await lockOpenList(tx, roundId)
  const createdBy = actor.type === 'staff' ? actor.id : null
  const [upload]: { emails: string[] }[] = await tx.manager.query(
    `DELETE FROM board_elector_uploads WHERE id = $1 AND round_id = $2 AND created_by IS NOT DISTINCT FROM $3 RETURNING emails`,
    [uploadId, roundId, createdBy],
  ).then(([rows]: [{ emails: string[] }[], number]) => rows)
  if (!upload) throw new ElectorUploadNotFoundError()
  const added: { id: string }[] = await tx.manager.query(
    `INSERT INTO board_electors (round_id, email, source) SELECT $1, email, 'upload' FROM unnest($2::text[]) AS email
     ON CONFLICT (round_id, email) DO NOTHING RETURNING id`,
    [roundId, upload.emails],
  )
  await tx.audit(actor, { action: 'board-election.electors-added', subjectType: 'board_election_round', subjectId: roundId, note: `${added.length} from a CSV of ${upload.emails.length}` })
  return added.length
}

/** Forgets an upload the admin did not confirm. */
export const discardElectorUpload: Action<{ roundId: string; uploadId: string }, void> = async (tx, { roundId, uploadId }, actor) => {
  const createdBy = actor.type === 'staff' ? actor.id : null
  await tx.manager.query(`DELETE FROM board_elector_uploads WHERE id = $1 AND round_id = $2 AND created_by IS NOT DISTINCT FROM $3`, [uploadId, roundId, createdBy])
}

/** Adds every active board member as an elector (the board votes). Returns how many were added. */
export const addBoardAsElectors: Action<{ roundId: string }, number> = async (tx, { roundId }, actor) => {
  await lockOpenList(tx, roundId)
  const added: { id: string }[] = await tx.manager.query(
    `INSERT INTO board_electors (round_id, email, source)
     SELECT $1, email, 'board' FROM staff_users WHERE active AND 'board-member' = ANY(roles)
     ON CONFLICT (round_id, email) DO NOTHING RETURNING id`,
    [roundId],
  )
  await tx.audit(actor, { action: 'board-election.electors-added', subjectType: 'board_election_round', subjectId: roundId, note: `${added.length} board members` })
  return added.length
}

/**
 * Takes one elector off the list. Only while the list is open, before voting opens: nobody has a
 * ballot link yet, so nobody can have voted. Once voting opens the list is fixed, because an
 * elector who has voted cannot be taken off without leaving their (anonymous, unfindable) ballot
 * in the count, and the electors and the votes would no longer add up. The audit names the round,
 * not the address.
 */
export const removeElector: Action<{ roundId: string; electorId: string }, void> = async (tx, { roundId, electorId }, actor) => {
  await lockOpenList(tx, roundId)
  const [removed]: [unknown[], number] = await tx.manager.query(`DELETE FROM board_electors WHERE id = $1 AND round_id = $2 AND NOT voted AND token_hash IS NULL RETURNING id`, [electorId, roundId])
  if (removed.length !== 1) throw new ElectorNotFoundError()
  await tx.audit(actor, { action: 'board-election.elector-removed', subjectType: 'board_election_round', subjectId: roundId, note: '1 elector' })
}
