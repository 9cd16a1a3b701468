import type { EntityManager } from 'typeorm'
import { REVIEWABLE_STATUSES, type ApplicationStatus } from '../domain/application-status.ts'
import type { StaffRole } from '../domain/staff-roles.ts'
import { todayInLondon } from '../services/role.service.ts'

/** How many applications ready for a decision the home page names; the rest are counted. */
export const DECISIONS_LISTED = 5

export interface ReadyForDecision {
  reference: string
  roleTitles: string[]
  submittedAt: Date
}

/**
 * What is waiting for one staff member, by their roles: null where a role they do not hold would
 * be needed. Counts only, and references: no names, so nothing here depends on blind review.
 */
export interface StaffHome {
  /** Board members: open for review, not reviewed by them, no conflict declared. */
  toReview: number | null
  /** Community managers: still in review with the quorum of board reviews reached, oldest first. */
  readyForDecision: { count: number; oldest: ReadyForDecision[]; quorum: number } | null
  /** Community managers: offers the applicant has not answered yet. */
  offersWaiting: number | null
  /** Community managers: checklist items past their due date, of executives getting started. */
  overdueOnboarding: { items: number; executives: number } | null
  /** Admins: emails that could not be delivered. */
  failedEmails: number | null
}

export interface StaffHomeParams {
  viewer: { id: string; roles: readonly StaffRole[] }
  now?: Date
}

const OFFERED: ApplicationStatus = 'offered'

export async function staffHome(db: EntityManager, { viewer, now = new Date() }: StaffHomeParams): Promise<StaffHome> {
  const holds = (role: StaffRole) => viewer.roles.includes(role)
  const manager = holds('community-manager')
  return {
    toReview: holds('board-member') ? await applicationsToReview(db, viewer.id) : null,
    readyForDecision: manager ? await applicationsReadyForDecision(db) : null,
    offersWaiting: manager ? await count(db, `SELECT count(*)::int AS "count" FROM "applications" WHERE "erased_at" IS NULL AND "status" = $1`, [OFFERED]) : null,
    overdueOnboarding: manager ? await overdueOnboardingItems(db, now) : null,
    failedEmails: holds('admin') ? await count(db, `SELECT count(*)::int AS "count" FROM "email_messages" WHERE "status" = 'failed'`) : null,
  }
}

async function count(db: EntityManager, sql: string, parameters: unknown[] = []): Promise<number> {
  const [row]: { count: number }[] = await db.query(sql, parameters)
  return row?.count ?? 0
}

/** The same rule as the queue's "needs my review" filter (review-queue.ts). */
function applicationsToReview(db: EntityManager, reviewerId: string): Promise<number> {
  return count(
    db,
    `SELECT count(*)::int AS "count" FROM "applications" a
     WHERE a."erased_at" IS NULL AND a."status" = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM "reviews" mine WHERE mine."application_id" = a."id" AND mine."reviewer_id" = $2)
       AND NOT EXISTS (SELECT 1 FROM "conflicts_of_interest" c WHERE c."application_id" = a."id" AND c."staff_user_id" = $2)`,
    [REVIEWABLE_STATUSES, reviewerId],
  )
}

/** Reviews from members with a conflict do not count towards the quorum (the counted_reviews view). */
async function applicationsReadyForDecision(db: EntityManager): Promise<StaffHome['readyForDecision']> {
  const quorum = await count(db, `SELECT "quorum" AS "count" FROM "settings" WHERE "id" = 1`)
  const rows: { reference: string; submitted_at: Date; role_titles: string[] | null; total: number }[] = await db.query(
    `WITH "ready" AS (
       SELECT a."id", a."reference", a."submitted_at" FROM "applications" a
       WHERE a."erased_at" IS NULL AND a."status" = ANY($1::text[])
         AND (SELECT count(*) FROM "counted_reviews" r WHERE r."application_id" = a."id") >= $2
     )
     SELECT ready."reference", ready."submitted_at",
       (SELECT json_agg(ar."role_title" ORDER BY ar."preference") FROM "application_roles" ar WHERE ar."application_id" = ready."id") AS "role_titles",
       (SELECT count(*)::int FROM "ready") AS "total"
     FROM "ready"
     ORDER BY ready."submitted_at", ready."reference"
     LIMIT $3`,
    [REVIEWABLE_STATUSES, quorum, DECISIONS_LISTED],
  )
  return {
    count: rows[0]?.total ?? 0,
    quorum,
    oldest: rows.map((row) => ({ reference: row.reference, roleTitles: row.role_titles ?? [], submittedAt: new Date(row.submitted_at) })),
  }
}

async function overdueOnboardingItems(db: EntityManager, now: Date): Promise<StaffHome['overdueOnboarding']> {
  const [row]: { items: number; executives: number }[] = await db.query(
    `SELECT count(*)::int AS "items", count(DISTINCT e."id")::int AS "executives"
     FROM "onboarding_items" i JOIN "executives" e ON e."id" = i."executive_id"
     WHERE e."status" = 'onboarding' AND i."done_at" IS NULL AND i."due_on" < $1::date`,
    [todayInLondon(now)],
  )
  return { items: row?.items ?? 0, executives: row?.executives ?? 0 }
}
