import type { EntityManager } from 'typeorm'
import { CONFIRM_LINK_HOURS, EMAILED_INTEREST_STATUSES, INTEREST_TRANSITIONS } from '../domain/interest.ts'
import { PUBLIC_ROLE_STATUSES, type RoleStatus } from '../domain/role-status.ts'
import { isRoleOpen } from '../services/role.service.ts'
import { hashToken, isWellFormedToken } from '../services/tokens.ts'
import type { Query } from './query.ts'

// What the interest pages read: the roles one can ask about, whether an emailed link still
// works, and, for community managers, how many people wait for each role (counts only).

export interface InterestRoleOption {
  slug: string
  title: string
  isOpen: boolean
}

/** The roles the public can see, open or not, in display order: what one can ask to hear about. */
export const interestRoleOptions: Query<Record<string, never>, InterestRoleOption[]> = async (db) => {
  const rows: { slug: string; title: string; status: RoleStatus; closes_on: string | null }[] = await db.query(
    `SELECT "slug", "title", "status", to_char("closes_on", 'YYYY-MM-DD') AS "closes_on" FROM "roles"
     WHERE "status" = ANY($1::text[]) ORDER BY "display_order", "title"`,
    [PUBLIC_ROLE_STATUSES],
  )
  return rows.map((row) => ({ slug: row.slug, title: row.title, isOpen: isRoleOpen({ status: row.status, closesOn: row.closes_on }) }))
}

/** A pending registration whose confirmation link this is, while the link works ($1 hash, $2 statuses, $3 hours). */
export const CONFIRMABLE = `"confirm_token_hash" = $1 AND "status" = ANY($2::text[]) AND "created_at" > now() - make_interval(hours => $3)`

export const confirmableParameters = (token: string) => [hashToken(token), INTEREST_TRANSITIONS.confirm.from, CONFIRM_LINK_HOURS]

/** Whether a confirmation link would still work, using nothing up (a mail scanner's GET). */
export const interestConfirmLinkUsable: Query<{ token: string }, boolean> = async (db, { token }) => {
  if (!isWellFormedToken(token)) return false
  const rows: unknown[] = await db.query(`SELECT 1 FROM "interest_registrations" WHERE ${CONFIRMABLE}`, confirmableParameters(token))
  return rows.length > 0
}

/** The registration an unsubscribe link belongs to, while it exists; null for anything else. */
export async function registrationForUnsubscribeLink(db: EntityManager, token: string): Promise<{ id: string; email: string } | null> {
  if (!isWellFormedToken(token)) return null
  const rows: { id: string; email: string }[] = await db.query(
    `SELECT r."id", r."email" FROM "interest_unsubscribe_links" l JOIN "interest_registrations" r ON r."id" = l."registration_id"
     WHERE l."token_hash" = $1`,
    [hashToken(token)],
  )
  return rows[0] ?? null
}

export const interestUnsubscribeLinkUsable: Query<{ token: string }, boolean> = async (db, { token }) =>
  (await registrationForUnsubscribeLink(db, token)) !== null

/**
 * For /admin/roles: by role id, how many confirmed registrations would be emailed if the role
 * opened now (those asking for it, and those asking for any role unless it is archived).
 * Counts only: who they are is never shown to staff.
 */
export const interestCountsByRole: Query<Record<string, never>, Record<string, number>> = async (db) => {
  const rows: { id: string; waiting: string }[] = await db.query(
    `SELECT ro."id",
            (SELECT count(*) FROM "interest_registrations" r
             WHERE r."status" = ANY($1::text[])
               AND ((r."any_role" AND ro."status" <> 'archived')
                    OR EXISTS (SELECT 1 FROM "interest_registration_roles" rr WHERE rr."registration_id" = r."id" AND rr."role_id" = ro."id"))) AS "waiting"
     FROM "roles" ro`,
    [EMAILED_INTEREST_STATUSES],
  )
  return Object.fromEntries(rows.map((row) => [row.id, Number(row.waiting)]))
}
