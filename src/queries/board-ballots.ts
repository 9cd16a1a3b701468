import type { EntityManager } from 'typeorm'
import type { RecordedCount } from '../domain/board-count.ts'
import { hashToken, isWellFormedToken } from '../services/tokens.ts'

export interface ElectorList {
  total: number
  voted: number
  fromBoard: number
  electors: { id: string; email: string }[]
}

/** The round's electors for the admins: how many, how many voted (never who voted how), and their addresses. */
export async function electorList(db: EntityManager, { roundId }: { roundId: string }): Promise<ElectorList> {
  const rows: { id: string; email: string; source: string; voted: boolean }[] = await db.query(`SELECT id, email, source, voted FROM board_electors WHERE round_id = $1 ORDER BY email`, [roundId])
  return { total: rows.length, voted: rows.filter((row) => row.voted).length, fromBoard: rows.filter((row) => row.source === 'board').length, electors: rows.map(({ id, email }) => ({ id, email })) }
}

/** One elector of the round, for the page that asks before taking them off. */
export async function elector(db: EntityManager, { roundId, electorId }: { roundId: string; electorId: string }): Promise<{ id: string; email: string } | null> {
  const rows: { id: string; email: string }[] = await db.query(`SELECT id, email FROM board_electors WHERE id = $1 AND round_id = $2`, [electorId, roundId])
  return rows[0] ?? null
}

/** A CSV upload waiting for this admin to confirm it, with how many of its addresses are new. */
export async function electorUpload(db: EntityManager, { roundId, uploadId, staffUserId }: { roundId: string; uploadId: string; staffUserId: string }): Promise<{ id: string; emails: string[]; alreadyListed: number } | null> {
  const rows: { id: string; emails: string[]; already: number }[] = await db.query(
    `SELECT u.id, u.emails, (SELECT count(*)::int FROM board_electors e WHERE e.round_id = u.round_id AND e.email = ANY(u.emails)) AS already
     FROM board_elector_uploads u WHERE u.id = $1 AND u.round_id = $2 AND u.created_by = $3`,
    [uploadId, roundId, staffUserId],
  )
  const row = rows[0]
  return row ? { id: row.id, emails: row.emails, alreadyListed: row.already } : null
}

export type BallotLinkState = 'usable' | 'used' | 'unusable'

/** What a ballot link can do now, without using it (a link scanner's GET changes nothing). */
export async function ballotLinkState(db: EntityManager, { roundId, token, now = new Date() }: { roundId: string; token: string; now?: Date }): Promise<BallotLinkState> {
  if (!isWellFormedToken(token)) return 'unusable'
  const rows: { voted: boolean; live: boolean }[] = await db.query(
    `SELECT voted, link_expires_at > $3 AS live FROM board_electors WHERE round_id = $1 AND token_hash = $2`,
    [roundId, hashToken(token), now],
  )
  const row = rows[0]
  if (!row) return 'unusable'
  if (row.voted) return 'used'
  return row.live ? 'usable' : 'unusable'
}

/** The stored count of a round, or null before it is counted. */
export async function electionCount(db: EntityManager, { roundId }: { roundId: string }): Promise<(RecordedCount & { seed: string; countedAt: Date }) | null> {
  const rows: { count: RecordedCount; seed: string; counted_at: Date }[] = await db.query(`SELECT count, seed, counted_at FROM board_election_results WHERE round_id = $1`, [roundId])
  const row = rows[0]
  return row ? { ...row.count, seed: row.seed, countedAt: row.counted_at } : null
}
