import type { EntityManager } from 'typeorm'
import type { RoundDetails } from '../domain/board-election.ts'
import { PUBLIC_ELECTION_ROUND_STATUSES, type ElectionRoundStatus } from '../domain/election-round-status.ts'
import { CANDIDATE_NOMINATION_STATUSES, type NominationStatus } from '../domain/nomination-status.ts'

export interface ElectionRoundView extends RoundDetails {
  id: string
  slug: string
  status: ElectionRoundStatus
  version: number
}

const ROUND_COLUMNS = `id, slug, name, seats, nominations_open_on::text AS "nominationsOpenOn", nominations_close_on::text AS "nominationsCloseOn",
  voting_opens_on::text AS "votingOpensOn", voting_closes_on::text AS "votingClosesOn", method, tie_rule AS "tieRule", procedure, status, version`

/** Election rounds, the latest first: those the public may see, and drafts too for admins. */
export async function electionRounds(db: EntityManager, { withDrafts }: { withDrafts: boolean }): Promise<ElectionRoundView[]> {
  return db.query(`SELECT ${ROUND_COLUMNS} FROM board_election_rounds WHERE status = ANY($1::text[]) OR $2 ORDER BY voting_closes_on DESC, created_at DESC`, [PUBLIC_ELECTION_ROUND_STATUSES, withDrafts])
}

/** One round by its address; a draft only for admins (`withDrafts`), else null as for no such round. */
export async function electionRound(db: EntityManager, { slug, withDrafts }: { slug: string; withDrafts: boolean }): Promise<ElectionRoundView | null> {
  const rows: ElectionRoundView[] = await db.query(`SELECT ${ROUND_COLUMNS} FROM board_election_rounds WHERE slug = $1 AND (status = ANY($2::text[]) OR $3)`, [
    slug,
    PUBLIC_ELECTION_ROUND_STATUSES,
    withDrafts,
  ])
  return rows[0] ?? null
}

export interface CandidateView {
  id: string
  fullName: string
  statement: string
}

/** The round's published candidates, by name: what the candidates page and the ballot show. */
export async function candidates(db: EntityManager, { roundId }: { roundId: string }): Promise<CandidateView[]> {
  return db.query(
    `SELECT id, full_name AS "fullName", statement FROM board_nominations WHERE round_id = $1 AND status = ANY($2::text[]) ORDER BY full_name, created_at, id`,
    [roundId, CANDIDATE_NOMINATION_STATUSES],
  )
}

export interface NominationView {
  id: string
  fullName: string
  email: string
  statement: string
  status: NominationStatus
  version: number
  ineligibleReason: string | null
  createdAt: Date
}

const NOMINATION_COLUMNS = `id, full_name AS "fullName", email, statement, status, version, ineligible_reason AS "ineligibleReason", created_at AS "createdAt"`

/** Every nomination in the round, the first received first: the admins' review list. */
export async function roundNominations(db: EntityManager, { roundId }: { roundId: string }): Promise<NominationView[]> {
  return db.query(`SELECT ${NOMINATION_COLUMNS} FROM board_nominations WHERE round_id = $1 ORDER BY created_at, id`, [roundId])
}

export async function roundNomination(db: EntityManager, { roundId, nominationId }: { roundId: string; nominationId: string }): Promise<NominationView | null> {
  const rows: NominationView[] = await db.query(`SELECT ${NOMINATION_COLUMNS} FROM board_nominations WHERE round_id = $1 AND id = $2`, [roundId, nominationId])
  return rows[0] ?? null
}
