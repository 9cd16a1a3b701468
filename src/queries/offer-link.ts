import type { EntityManager } from 'typeorm'
import { OFFER_ACCEPTED_STATUSES, type ApplicationStatus } from '../domain/application-status.ts'
import { hashToken, isWellFormedToken } from '../services/tokens.ts'

/** What an offer link leads to now. */
export type OfferState =
  /** Not a token we could have issued. */
  | { kind: 'malformed' }
  /** Well formed, but no offer has it (mistyped, tampered with, or the applicant's data was erased). */
  | { kind: 'unknown' }
  | { kind: 'expired'; reference: string; roleTitle: string }
  /** Answered already, or closed another way (withdrawn, unsuccessful). */
  | { kind: 'answered'; outcome: 'accepted' | 'declined' | 'closed'; reference: string; roleTitle: string }
  | { kind: 'open'; reference: string; roleTitle: string; fullName: string; expiresAt: Date }

/** An offer link with its application, as the accept and decline actions lock it. */
export interface OfferLinkRow {
  link_id: string
  expires_at: Date
  application_id: string
  status: ApplicationStatus
  version: number
  reference: string
  full_name: string | null
  erased_at: Date | null
  offered_role_id: string | null
  role_title: string | null
}

/** The link with this (well-formed) token, locked with its application when `forUpdate`. */
export async function findOfferLink(db: EntityManager, token: string, forUpdate: boolean): Promise<OfferLinkRow | undefined> {
  const rows: OfferLinkRow[] = await db.query(
    `SELECT l.id AS link_id, l.expires_at, a.id AS application_id, a.status, a.version, a.reference, a.full_name, a.erased_at,
            a.offered_role_id, r.title AS role_title
     FROM offer_links l
     JOIN applications a ON a.id = l.application_id
     LEFT JOIN roles r ON r.id = a.offered_role_id
     WHERE l.token_hash = $1${forUpdate ? ' FOR UPDATE OF l, a' : ''}`,
    [hashToken(token)],
  )
  return rows[0]
}

export function offerStateOf(row: OfferLinkRow | undefined, now: Date): OfferState {
  if (!row || row.erased_at) return { kind: 'unknown' }
  const roleTitle = row.role_title ?? ''
  if (row.status === 'offered') {
    if (row.expires_at <= now) return { kind: 'expired', reference: row.reference, roleTitle }
    return { kind: 'open', reference: row.reference, roleTitle, fullName: row.full_name ?? '', expiresAt: row.expires_at }
  }
  if (OFFER_ACCEPTED_STATUSES.includes(row.status)) return { kind: 'answered', outcome: 'accepted', reference: row.reference, roleTitle }
  if (row.status === 'declined') return { kind: 'answered', outcome: 'declined', reference: row.reference, roleTitle }
  return { kind: 'answered', outcome: 'closed', reference: row.reference, roleTitle }
}

/** Where a link stands. Reads only: a mail scanner following the link changes nothing. */
export async function offerLinkState(db: EntityManager, { token, now = new Date() }: { token: string; now?: Date }): Promise<OfferState> {
  if (!isWellFormedToken(token)) return { kind: 'malformed' }
  return offerStateOf(await findOfferLink(db, token, false), now)
}
