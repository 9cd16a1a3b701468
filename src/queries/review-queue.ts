import type { EntityManager } from 'typeorm'
import { APPLICATION_STATUSES, IDENTITY_VISIBLE_STATUSES, isOpen, REVIEWABLE_STATUSES, type ApplicationStatus } from '../domain/application-status.ts'
import type { StaffRole } from '../domain/staff-roles.ts'
import { everyRolePlaces, type RolePlacesLine } from './role-places.ts'

export const QUEUE_PAGE_SIZE = 25

export interface QueueViewer {
  id: string
  roles: readonly StaffRole[]
}

/** Oldest or newest first; or by average score (of the role filtered by, else of the application's best role). */
export const QUEUE_SORTS = ['oldest', 'newest', 'highest-score', 'lowest-score'] as const
export type QueueSort = (typeof QUEUE_SORTS)[number]

export interface QueueFilters {
  /** A role's slug. */
  role: string | null
  status: ApplicationStatus | null
  nhsEmployed: boolean | null
  /** Open for review, and the viewer has neither reviewed it nor declared a conflict. */
  needsMyReview: boolean
  sort: QueueSort
}

export const NO_FILTERS: QueueFilters = { role: null, status: null, nhsEmployed: null, needsMyReview: false, sort: 'oldest' }

export type ViewerReviewState = 'reviewed' | 'conflict' | 'needs-review' | 'not-needed'

export interface QueueRow {
  id: string
  reference: string
  status: ApplicationStatus
  nhsEmployed: boolean | null
  careerStage: string | null
  hoursAvailable: string | null
  submittedAt: Date
  /** Whole days since it was sent, while it is open; null once it is settled. */
  daysWaiting: number | null
  /** In order of preference. */
  roleTitles: string[]
  reviewCount: number
  /** False under blind review: then fullName and email are null (the database never sent them). */
  identityVisible: boolean
  fullName: string | null
  email: string | null
  viewerState: ViewerReviewState
  /** Other members' recommendations and scores; null while the viewer may not see them. */
  outcomes: ReviewOutcomes | null
}

export interface ReviewOutcomes {
  /** Mean of every criterion score in every review, 1 to 5, to one decimal place. */
  averageScore: number | null
  /** Each chosen role's mean score (its criteria in every review), in order of preference. */
  byRole: { title: string; averageScore: number | null }[]
  appoint: number
  maybe: number
  doNotAppoint: number
}

export interface QueuePage {
  rows: QueueRow[]
  /** For the current filters other than status. */
  countsByStatus: Record<ApplicationStatus, number>
  /** Matching every filter. */
  total: number
  /** 1-based; a page past the end is the last page. */
  page: number
  pageCount: number
  pageSize: number
  quorum: number
  blindReview: boolean
}

/** A role for the role filter, with its places for the list of places filled. */
export type QueueRoleOption = RolePlacesLine

/** A row as the statement gives it. */
export interface QueueRecord {
  id: string
  reference: string
  status: ApplicationStatus
  nhs_employed: boolean | null
  career_stage: string | null
  hours_available: string | null
  submitted_at: Date
  identity_visible: boolean
  full_name: string | null
  email: string | null
  roles: { title: string; average: string | number | null }[] | null
  review_count: number
  appoint: number
  maybe: number
  do_not_appoint: number
  average_score: string | null
  reviewed_by_viewer: boolean
  conflict_declared: boolean
  sees_outcomes: boolean
}

const DAY_MS = 24 * 60 * 60 * 1000

const isBoardMember = (viewer: QueueViewer) => viewer.roles.includes('board-member')

/** Numbered placeholders for one statement. */
class Parameters {
  readonly values: unknown[] = []
  add(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

export interface QueueParams {
  viewer: QueueViewer
  filters: QueueFilters
  /** As asked for; a page past the end is the last page. */
  page: number
  now?: Date
}

/** Every role applications may name, for the role filter, with its places (one statement). */
export function queueRoleOptions(db: EntityManager): Promise<QueueRoleOption[]> {
  return everyRolePlaces(db)
}

/**
 * The board's review queue: a page of applications with their roles, review counts and the
 * viewer's own part in each (the same rows make the CSV export, review-export.ts). A page is
 * built from a fixed number of statements (the roles; the settings with the counts; the rows)
 * whatever the number of applications.
 */
export async function reviewQueue(db: EntityManager, { viewer, filters, page: requestedPage, now = new Date() }: QueueParams): Promise<QueuePage> {
  const { countsByStatus, ...settings } = await countsAndSettings(db, viewer, filters)
  const total = filters.status ? countsByStatus[filters.status] : Object.values(countsByStatus).reduce((sum, count) => sum + count, 0)
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE))
  const page = Math.min(Math.max(1, Math.floor(requestedPage) || 1), pageCount)
  const rows = total === 0 ? [] : await queueRows(db, viewer, filters, { limit: QUEUE_PAGE_SIZE, offset: (page - 1) * QUEUE_PAGE_SIZE }, now)
  return { rows, countsByStatus, total, page, pageCount, pageSize: QUEUE_PAGE_SIZE, ...settings }
}

/** The nil uuid: application_counts' rows for all applications, whatever their roles. */
const ALL_ROLES = '00000000-0000-0000-0000-000000000000'

/**
 * The settings the page shows and the counts per status for the filters other than status, in
 * one statement. The counts come from application_counts, which triggers keep (migration
 * 1766500000000), so reading them costs the same for 10 applications as for 100,000. "Needs my
 * review" is the reviewable counts less the applications the viewer has reviewed or declared a
 * conflict on (read from their own reviews and conflicts, however long the queue).
 */
async function countsAndSettings(
  db: EntityManager,
  viewer: QueueViewer,
  filters: QueueFilters,
): Promise<{ quorum: number; blindReview: boolean; countsByStatus: Record<ApplicationStatus, number> }> {
  const parameters = new Parameters()
  const roleKey = filters.role ? `(SELECT r."id" FROM "roles" r WHERE r."slug" = ${parameters.add(filters.role)})` : `${parameters.add(ALL_ROLES)}::uuid`
  const conditions = [`k."role_key" = ${roleKey}`]
  if (filters.nhsEmployed !== null) conditions.push(`k."nhs_employed" = ${parameters.add(filters.nhsEmployed ? 'yes' : 'no')}`)
  let mine = 'SELECT NULL::text AS "status", 0 AS "count" WHERE false'
  if (filters.needsMyReview) {
    conditions.push(`k."status" = ANY(${parameters.add(REVIEWABLE_STATUSES)}::text[])`)
    const me = parameters.add(viewer.id)
    const where = whereFor(viewer, { ...filters, needsMyReview: false, status: null }, parameters)
    mine = `SELECT a."status", count(*) AS "count" FROM "applications" a
      WHERE a."id" IN (SELECT mine."application_id" FROM "reviews" mine WHERE mine."reviewer_id" = ${me}
                       UNION SELECT c."application_id" FROM "conflicts_of_interest" c WHERE c."staff_user_id" = ${me})
        AND a."status" = ANY(${parameters.add(REVIEWABLE_STATUSES)}::text[]) AND ${where}
      GROUP BY a."status"`
  }
  const rows: { quorum: number; blind_review: boolean; status: ApplicationStatus | null; count: number | null }[] = await db.query(
    `SELECT s."quorum", s."blind_review", counted."status", counted."count"
     FROM "settings" s
     LEFT JOIN (
       SELECT total."status", (total."count" - coalesce(mine."count", 0))::int AS "count"
       FROM (SELECT k."status", sum(k."count") AS "count" FROM "application_counts" k WHERE ${conditions.join(' AND ')} GROUP BY k."status") AS total
       LEFT JOIN (${mine}) AS mine ON mine."status" = total."status"
     ) AS counted ON true
     WHERE s."id" = 1`,
    parameters.values,
  )
  if (!rows[0]) throw new Error('The settings row is missing: run the seed (npm run seed)')
  const countsByStatus = Object.fromEntries(APPLICATION_STATUSES.map((status) => [status, 0])) as Record<ApplicationStatus, number>
  for (const row of rows) if (row.status !== null) countsByStatus[row.status] = row.count ?? 0
  return { quorum: rows[0].quorum, blindReview: rows[0].blind_review, countsByStatus }
}

function whereFor(viewer: QueueViewer, filters: QueueFilters, parameters: Parameters): string {
  const conditions = ['a."erased_at" IS NULL']
  if (filters.role) {
    // The role's id first (one lookup), so that the planner knows a role is one of a few.
    conditions.push(`EXISTS (
      SELECT 1 FROM "application_roles" ar
      WHERE ar."application_id" = a."id" AND ar."role_id" = (SELECT r."id" FROM "roles" r WHERE r."slug" = ${parameters.add(filters.role)}))`)
  }
  if (filters.nhsEmployed !== null) conditions.push(`a."nhs_employed" = ${parameters.add(filters.nhsEmployed)}`)
  if (filters.needsMyReview) {
    const me = parameters.add(viewer.id)
    conditions.push(`a."status" = ANY(${parameters.add(REVIEWABLE_STATUSES)}::text[])`)
    conditions.push(`NOT EXISTS (SELECT 1 FROM "reviews" mine WHERE mine."application_id" = a."id" AND mine."reviewer_id" = ${me})`)
    conditions.push(`NOT EXISTS (SELECT 1 FROM "conflicts_of_interest" c WHERE c."application_id" = a."id" AND c."staff_user_id" = ${me})`)
  }
  if (filters.status) conditions.push(`a."status" = ${parameters.add(filters.status)}`)
  return conditions.join(' AND ')
}

/**
 * Whether the viewer may see the board's scores and recommendations on application `a`, in SQL
 * (so a sort by score cannot tell them more than the page does). Independent review: a board
 * member sees the others' views only after giving their own; a member with a conflict never
 * does. A community manager who is not on the board does.
 */
function seesOutcomesSql(viewer: QueueViewer, me: string, parameters: Parameters): string {
  return `(NOT EXISTS (SELECT 1 FROM "conflicts_of_interest" c WHERE c."application_id" = a."id" AND c."staff_user_id" = ${me})
    AND (NOT ${parameters.add(isBoardMember(viewer))}
         OR EXISTS (SELECT 1 FROM "reviews" mine WHERE mine."application_id" = a."id" AND mine."reviewer_id" = ${me})))`
}

/** A role's average score on application `a`, to one decimal place (counted reviews only). */
const roleAverageSql = (applicationRole: string) =>
  `(SELECT round(avg(s."score"), 1) FROM "counted_review_scores" s WHERE s."application_role_id" = ${applicationRole})`

/** What a sort by score orders by: the filtered role's average, else the application's best role's; null while hidden. */
function sortScoreSql(filters: QueueFilters, seesOutcomes: string, parameters: Parameters): string {
  const score = filters.role
    ? `(SELECT ${roleAverageSql('ar."id"')} FROM "application_roles" ar JOIN "roles" r ON r."id" = ar."role_id"
        WHERE ar."application_id" = a."id" AND r."slug" = ${parameters.add(filters.role)})`
    : `(SELECT max(${roleAverageSql('ar."id"')}) FROM "application_roles" ar WHERE ar."application_id" = a."id")`
  return `CASE WHEN ${seesOutcomes} THEN ${score} END`
}

/** The queue's order; `sortScore` names the column a sort by score reads. Applications with no score to see come last. */
function orderBy(sort: QueueSort, sortScore: string): string {
  if (sort === 'highest-score') return `${sortScore} DESC NULLS LAST, a."submitted_at" ASC, a."reference" ASC`
  if (sort === 'lowest-score') return `${sortScore} ASC NULLS LAST, a."submitted_at" ASC, a."reference" ASC`
  const direction = sort === 'newest' ? 'DESC' : 'ASC'
  return `a."submitted_at" ${direction}, a."reference" ${direction}`
}

/**
 * One statement: the page of ids first (so the per-row subqueries run only for the rows
 * shown), then their roles with each role's average, review tallies and the viewer's own review
 * or conflict. Under blind review the name and email are left out in SQL, not just in the
 * template; so are scores and recommendations the viewer may not see yet.
 */
export async function queueRows(
  db: EntityManager,
  viewer: QueueViewer,
  filters: QueueFilters,
  window: { limit: number; offset: number } | null,
  now: Date,
): Promise<QueueRow[]> {
  const { sql, values } = queueRowsStatement(viewer, filters, window)
  const records: QueueRecord[] = await db.query(sql, values)
  return records.map((record) => toRow(record, viewer, now))
}

/** The statement queueRows sends (the CSV export reads it through a cursor, review-export.ts). */
export function queueRowsStatement(viewer: QueueViewer, filters: QueueFilters, window: { limit: number; offset: number } | null): { sql: string; values: unknown[] } {
  const parameters = new Parameters()
  const where = whereFor(viewer, filters, parameters)
  const me = parameters.add(viewer.id)
  const seesIdentity = `(${parameters.add(viewer.roles.includes('community-manager'))}
    OR NOT coalesce((SELECT s."blind_review" FROM "settings" s WHERE s."id" = 1), true)
    OR a."status" = ANY(${parameters.add(IDENTITY_VISIBLE_STATUSES)}::text[]))`
  const seesOutcomes = seesOutcomesSql(viewer, me, parameters)
  const byScore = filters.sort === 'highest-score' || filters.sort === 'lowest-score'
  const sortScore = byScore ? sortScoreSql(filters, seesOutcomes, parameters) : 'NULL'
  const limit = window ? `LIMIT ${parameters.add(window.limit)} OFFSET ${parameters.add(window.offset)}` : ''
  return {
    sql: `WITH "chosen" AS (
       SELECT a."id", ${sortScore} AS "sort_score" FROM "applications" a WHERE ${where} ORDER BY ${orderBy(filters.sort, '"sort_score"')} ${limit}
     )
     SELECT a."id", a."reference", a."status", a."nhs_employed", a."career_stage", a."hours_available", a."submitted_at",
       ${seesIdentity} AS "identity_visible",
       CASE WHEN ${seesIdentity} THEN a."full_name" END AS "full_name",
       CASE WHEN ${seesIdentity} THEN a."email" END AS "email",
       ${seesOutcomes} AS "sees_outcomes",
       (SELECT json_agg(json_build_object('title', ar."role_title", 'average', CASE WHEN ${seesOutcomes} THEN ${roleAverageSql('ar."id"')} END) ORDER BY ar."preference")
        FROM "application_roles" ar WHERE ar."application_id" = a."id") AS "roles",
       tally."review_count", tally."appoint", tally."maybe", tally."do_not_appoint",
       CASE WHEN ${seesOutcomes} THEN (SELECT round(avg(s."score"), 1) FROM "counted_review_scores" s WHERE s."application_id" = a."id") END AS "average_score",
       EXISTS (SELECT 1 FROM "reviews" mine WHERE mine."application_id" = a."id" AND mine."reviewer_id" = ${me}) AS "reviewed_by_viewer",
       EXISTS (SELECT 1 FROM "conflicts_of_interest" c WHERE c."application_id" = a."id" AND c."staff_user_id" = ${me}) AS "conflict_declared"
     FROM "chosen"
     JOIN "applications" a ON a."id" = "chosen"."id"
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS "review_count",
         (count(*) FILTER (WHERE rv."recommendation" = 'appoint'))::int AS "appoint",
         (count(*) FILTER (WHERE rv."recommendation" = 'maybe'))::int AS "maybe",
         (count(*) FILTER (WHERE rv."recommendation" = 'do-not-appoint'))::int AS "do_not_appoint"
       FROM "counted_reviews" rv WHERE rv."application_id" = a."id"
     ) AS tally
     ORDER BY ${orderBy(filters.sort, '"chosen"."sort_score"')}`,
    values: parameters.values,
  }
}

const averageOf = (value: string | number | null) => (value === null ? null : Number(value))

export function toRow(record: QueueRecord, viewer: QueueViewer, now: Date): QueueRow {
  const submittedAt = new Date(record.submitted_at)
  let viewerState: ViewerReviewState = 'not-needed'
  if (record.reviewed_by_viewer) viewerState = 'reviewed'
  else if (record.conflict_declared) viewerState = 'conflict'
  else if (isBoardMember(viewer) && REVIEWABLE_STATUSES.includes(record.status)) viewerState = 'needs-review'
  const roles = record.roles ?? []
  return {
    id: record.id,
    reference: record.reference,
    status: record.status,
    nhsEmployed: record.nhs_employed,
    careerStage: record.career_stage,
    hoursAvailable: record.hours_available,
    submittedAt,
    daysWaiting: isOpen(record.status) ? Math.max(0, Math.floor((now.getTime() - submittedAt.getTime()) / DAY_MS)) : null,
    roleTitles: roles.map((role) => role.title),
    reviewCount: record.review_count,
    identityVisible: record.identity_visible,
    fullName: record.identity_visible ? record.full_name : null,
    email: record.identity_visible ? record.email : null,
    viewerState,
    outcomes: record.sees_outcomes
      ? {
          averageScore: averageOf(record.average_score),
          byRole: roles.map((role) => ({ title: role.title, averageScore: averageOf(role.average) })),
          appoint: record.appoint,
          maybe: record.maybe,
          doNotAppoint: record.do_not_appoint,
        }
      : null,
  }
}
