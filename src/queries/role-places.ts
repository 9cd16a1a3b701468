import type { EntityManager } from 'typeorm'
import { OFFER_WAITING_STATUSES, PLACE_FILLING_EXECUTIVE_STATUSES, type RolePlacesWithOffers } from '../domain/places.ts'
import type { RoleStatus } from '../domain/role-status.ts'
import { queryPrepared, sqlConstant } from '../db/prepared.ts'

export interface RolePlacesLine extends RolePlacesWithOffers {
  id: string
  slug: string
  title: string
  status: RoleStatus
}

/**
 * Roles with their places filled and offers waiting, counted by the rule in src/domain/places.ts,
 * in display order: those in `roleIds`, or every role. One statement.
 */
async function placesOf(db: EntityManager, which: { roleIds?: readonly string[] | null }, now: Date): Promise<RolePlacesLine[]> {
  // Prepared: read on the board's queue page and elsewhere, in one of two texts.
  const rows = await queryPrepared<{ id: string; slug: string; title: string; status: RoleStatus; places: number; waiting_list: boolean; places_filled: number; offers_waiting: number }>(
    db,
    `SELECT r."id", r."slug", r."title", r."status", r."places", r."waiting_list",
       (SELECT count(*)::int FROM "executives" e WHERE e."role_id" = r."id" AND e."status" = ANY(${sqlConstant(PLACE_FILLING_EXECUTIVE_STATUSES)})) AS "places_filled",
       (SELECT count(*)::int FROM "applications" a JOIN "offer_links" l ON l."application_id" = a."id"
        WHERE a."offered_role_id" = r."id" AND a."status" = ANY(${sqlConstant(OFFER_WAITING_STATUSES)}) AND l."expires_at" > $1) AS "offers_waiting"
     FROM "roles" r
     ${which.roleIds ? 'WHERE r."id" = ANY($2::uuid[])' : ''}
     ORDER BY r."display_order", r."title"`,
    which.roleIds ? [now, which.roleIds] : [now],
  )
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    status: row.status,
    places: row.places,
    waitingList: row.waiting_list,
    placesFilled: row.places_filled,
    offersWaiting: row.offers_waiting,
  }))
}

/** Each role's places filled and offers waiting, by role id: every role, or those in `roleIds`. */
export async function rolePlaces(db: EntityManager, { roleIds = null, now = new Date() }: { roleIds?: readonly string[] | null; now?: Date } = {}): Promise<Map<string, RolePlacesWithOffers>> {
  return new Map(
    (await placesOf(db, { roleIds }, now)).map(({ id, places, placesFilled, offersWaiting, waitingList }) => [id, { places, placesFilled, offersWaiting, waitingList }]),
  )
}

/** Every role with its places, in display order. */
export function everyRolePlaces(db: EntityManager, { now = new Date() }: { now?: Date } = {}): Promise<RolePlacesLine[]> {
  return placesOf(db, {}, now)
}
