import type { EntityManager } from 'typeorm'
import { ROLE_TAKING_ROUND_STATUSES, type RoundStatus } from '../domain/round-status.ts'

export interface RoundSummary {
  id: string
  name: string
  status: RoundStatus
  version: number
  createdAt: Date
  finishedAt: Date | null
  /** Titles of the roles in the round now. */
  roles: { id: string; title: string; status: string }[]
  /** Applications made for a role while it was in the round. */
  applications: number
}

/** Every round, newest first, with the roles in it now and how many applied in it. */
export async function roundList(db: EntityManager): Promise<RoundSummary[]> {
  const rows: (Omit<RoundSummary, 'roles'> & { roles: RoundSummary['roles'] | null })[] = await db.query(
    `SELECT r."id", r."name", r."status", r."version", r."created_at" AS "createdAt", r."finished_at" AS "finishedAt",
            (SELECT json_agg(json_build_object('id', ro."id", 'title', ro."title", 'status', ro."status") ORDER BY ro."display_order", ro."title")
               FROM "roles" ro WHERE ro."round_id" = r."id") AS "roles",
            (SELECT count(DISTINCT ar."application_id")::int FROM "application_roles" ar WHERE ar."round_id" = r."id") AS "applications"
     FROM "recruitment_rounds" r
     ORDER BY r."created_at" DESC, r."name"`,
  )
  return rows.map((row) => ({ ...row, roles: row.roles ?? [] }))
}

/** Rounds a role can be reopened in: open ones, newest first. */
export async function roundsTakingRoles(db: EntityManager): Promise<{ id: string; name: string }[]> {
  return db.query(`SELECT "id", "name" FROM "recruitment_rounds" WHERE "status" = ANY($1::text[]) ORDER BY "created_at" DESC, "name"`, [ROLE_TAKING_ROUND_STATUSES])
}

export async function roundName(db: EntityManager, { id }: { id: string }): Promise<string | null> {
  const rows: { name: string }[] = await db.query(`SELECT "name" FROM "recruitment_rounds" WHERE "id" = $1`, [id])
  return rows[0]?.name ?? null
}
