import type { EntityManager } from 'typeorm'
import type { RoleStatus } from '../domain/role-definition.ts'
import { ROLE_LIST_ORDER } from '../domain/role-status.ts'
import { Role } from '../entities/index.ts'
import { rolePlaces } from './role-places.ts'

export interface RoleListItem {
  id: string
  slug: string
  title: string
  status: RoleStatus
  places: number
  /** src/domain/places.ts */
  placesFilled: number
  offersWaiting: number
  waitingList: boolean
  closesOn: string | null
  applications: number
}

/** Every role for /admin/roles, the live ones first, with how many applications each has had and its places filled. */
export async function roleList(db: EntityManager): Promise<RoleListItem[]> {
  const rows: Array<{ id: string; slug: string; title: string; status: RoleStatus; places: number; closes_on: string | null; applications: string }> = await db.query(
    `SELECT r.id, r.slug, r.title, r.status, r.places, to_char(r.closes_on, 'YYYY-MM-DD') AS closes_on,
            (SELECT count(*) FROM application_roles ar WHERE ar.role_id = r.id) AS applications
     FROM roles r
     ORDER BY array_position($1::text[], r.status), r.display_order, r.title`,
    [ROLE_LIST_ORDER],
  )
  const places = await rolePlaces(db)
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    status: row.status,
    places: row.places,
    placesFilled: places.get(row.id)?.placesFilled ?? 0,
    offersWaiting: places.get(row.id)?.offersWaiting ?? 0,
    waitingList: places.get(row.id)?.waitingList ?? false,
    closesOn: row.closes_on,
    applications: Number(row.applications),
  }))
}

/** One role whatever its status, as its admin pages show it. */
export function roleById(db: EntityManager, { id }: { id: string }): Promise<Role | null> {
  return db.findOneBy(Role, { id })
}

