import { IDENTITY_VISIBLE_STATUSES, REVIEWABLE_STATUSES } from '../domain/application-status.ts'
import { sqlConstant as constant } from '../db/prepared.ts'
import type { QueueFilters, QueueSort, QueueViewer } from './review-queue.ts'

// The review queue's SQL: which applications match the filters, the counts per status, and the
// page's rows with what the viewer may see of each. src/queries/review-queue.ts runs them.

const isBoardMember = (viewer: QueueViewer) => viewer.roles.includes('board-member')

/** Numbered placeholders for one statement. */
export class Parameters {
  readonly values: unknown[] = []
  add(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

/** The nil uuid: application_counts' rows for all applications, whatever their roles. */
const ALL_ROLES = `'00000000-0000-0000-0000-000000000000'::uuid`

/**
 * The counts per status for the filters other than status: rows of ("status", "count"). They
 * come from application_counts, which triggers keep (migration 1766500000000), so reading them
 * costs the same for 10 applications as for 100,000. "Needs my review" is the reviewable counts
 * less the applications the viewer has reviewed or declared a conflict on (read from their own
 * reviews and conflicts, however long the queue).
 */
export function countsSql(viewer: QueueViewer, filters: QueueFilters, parameters: Parameters): string {
  const roleKey = filters.role ? `${parameters.add(filters.role.id)}::uuid` : ALL_ROLES
  const conditions = [`k."role_key" = ${roleKey}`]
  if (filters.nhsEmployed !== null) conditions.push(`k."nhs_employed" = ${parameters.add(filters.nhsEmployed ? 'yes' : 'no')}`)
  let mine = 'SELECT NULL::text AS "status", 0 AS "count" WHERE false'
  if (filters.needsMyReview) {
    conditions.push(`k."status" = ANY(${constant(REVIEWABLE_STATUSES)})`)
    const me = parameters.add(viewer.id)
    const where = whereFor(viewer, { ...filters, needsMyReview: false, status: null }, parameters)
    mine = `SELECT a."status", count(*) AS "count" FROM "applications" a
      WHERE a."id" IN (SELECT mine."application_id" FROM "reviews" mine WHERE mine."reviewer_id" = ${me}
                       UNION SELECT c."application_id" FROM "conflicts_of_interest" c WHERE c."staff_user_id" = ${me})
        AND a."status" = ANY(${constant(REVIEWABLE_STATUSES)}) AND ${where}
      GROUP BY a."status"`
  }
  return `SELECT total."status", (total."count" - coalesce(mine."count", 0))::int AS "count"
       FROM (SELECT k."status", sum(k."count") AS "count" FROM "application_counts" k WHERE ${conditions.join(' AND ')} GROUP BY k."status") AS total
       LEFT JOIN (${mine}) AS mine ON mine."status" = total."status"`
}

function whereFor(viewer: QueueViewer, filters: QueueFilters, parameters: Parameters): string {
  const conditions = ['a."erased_at" IS NULL']
  if (filters.role) {
    conditions.push(`EXISTS (SELECT 1 FROM "application_roles" ar WHERE ar."application_id" = a."id" AND ar."role_id" = ${parameters.add(filters.role.id)}::uuid)`)
  }
  if (filters.nhsEmployed !== null) conditions.push(`a."nhs_employed" = ${parameters.add(filters.nhsEmployed)}`)
  if (filters.needsMyReview) {
    const me = parameters.add(viewer.id)
    conditions.push(`a."status" = ANY(${constant(REVIEWABLE_STATUSES)})`)
    conditions.push(`NOT ${reviewedSql(me)}`, `NOT ${conflictedSql(me)}`)
  }
  if (filters.status) conditions.push(`a."status" = ${parameters.add(filters.status)}`)
  return conditions.join(' AND ')
}

/** SQL: whether the staff member `me` has reviewed application `a`. */
const reviewedSql = (me: string) => `EXISTS (SELECT 1 FROM "reviews" mine WHERE mine."application_id" = a."id" AND mine."reviewer_id" = ${me})`

/** SQL: whether the staff member `me` has declared a conflict of interest on application `a`. */
const conflictedSql = (me: string) => `EXISTS (SELECT 1 FROM "conflicts_of_interest" c WHERE c."application_id" = a."id" AND c."staff_user_id" = ${me})`

/**
 * Whether the viewer may see the board's scores and recommendations on an application, in SQL
 * (so a sort by score cannot tell them more than the page does), from whether they have reviewed
 * it and declared a conflict on it (SQL expressions). Independent review: a board member sees the
 * others' views only after giving their own; a member with a conflict never does. A community
 * manager who is not on the board does.
 */
function seesOutcomesSql(viewer: QueueViewer, viewerHas: { reviewed: string; conflicted: string }): string {
  return isBoardMember(viewer) ? `(NOT ${viewerHas.conflicted} AND ${viewerHas.reviewed})` : `(NOT ${viewerHas.conflicted})`
}

/** A role's average score on application `a`, to one decimal place (counted reviews only). */
const roleAverageSql = (applicationRole: string) =>
  `(SELECT round(avg(s."score"), 1) FROM "counted_review_scores" s WHERE s."application_role_id" = ${applicationRole})`

/** What a sort by score orders by: the filtered role's average, else the application's best role's; null while hidden. */
function sortScoreSql(filters: QueueFilters, seesOutcomes: string, parameters: Parameters): string {
  const score = filters.role
    ? `(SELECT ${roleAverageSql('ar."id"')} FROM "application_roles" ar WHERE ar."application_id" = a."id" AND ar."role_id" = ${parameters.add(filters.role.id)}::uuid)`
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
 * The parts of the statement that reads the rows: the chosen ids, the columns for them, and their
 * order. What the viewer may see of a row (`v`) is worked out once per row, in a LATERAL
 * subquery kept apart from the rest by OFFSET 0, rather than written into each column that
 * depends on it: each copy was planned again, and planning the page took twice as long as
 * running it.
 */
function rowsParts(viewer: QueueViewer, filters: QueueFilters, parameters: Parameters, limit: (parameters: Parameters) => string) {
  const where = whereFor(viewer, filters, parameters)
  const me = parameters.add(viewer.id)
  const byScore = filters.sort === 'highest-score' || filters.sort === 'lowest-score'
  const sortScore = byScore ? sortScoreSql(filters, seesOutcomesSql(viewer, { reviewed: reviewedSql(me), conflicted: conflictedSql(me) }), parameters) : 'NULL'
  const chosen = `SELECT a."id", ${sortScore} AS "sort_score" FROM "applications" a WHERE ${where} ORDER BY ${orderBy(filters.sort, '"sort_score"')} ${limit(parameters)}`
  const columns = `a."id", a."reference", a."status", a."nhs_employed", a."career_stage", a."hours_available", a."submitted_at",
       v."sees_identity" AS "identity_visible",
       CASE WHEN v."sees_identity" THEN a."full_name" END AS "full_name",
       CASE WHEN v."sees_identity" THEN a."email" END AS "email",
       v."sees_outcomes",
       (SELECT json_agg(json_build_object('title', ar."role_title", 'average', CASE WHEN v."sees_outcomes" THEN ${roleAverageSql('ar."id"')} END) ORDER BY ar."preference")
        FROM "application_roles" ar WHERE ar."application_id" = a."id") AS "roles",
       tally."review_count", tally."appoint", tally."maybe", tally."do_not_appoint",
       CASE WHEN v."sees_outcomes" THEN (SELECT round(avg(s."score"), 1) FROM "counted_review_scores" s WHERE s."application_id" = a."id") END AS "average_score",
       v."reviewed" AS "reviewed_by_viewer",
       v."conflicted" AS "conflict_declared"`
  const from = `FROM "chosen"
     JOIN "applications" a ON a."id" = "chosen"."id"
     CROSS JOIN LATERAL (
       SELECT f."reviewed", f."conflicted",
         ${seesOutcomesSql(viewer, { reviewed: 'f."reviewed"', conflicted: 'f."conflicted"' })} AS "sees_outcomes",
         (${constant(viewer.roles.includes('community-manager'))}
          OR NOT coalesce((SELECT s."blind_review" FROM "settings" s WHERE s."id" = 1), true)
          OR a."status" = ANY(${constant(IDENTITY_VISIBLE_STATUSES)})) AS "sees_identity"
       FROM (SELECT ${reviewedSql(me)} AS "reviewed", ${conflictedSql(me)} AS "conflicted" OFFSET 0) AS f
       OFFSET 0
     ) AS v
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS "review_count",
         (count(*) FILTER (WHERE rv."recommendation" = 'appoint'))::int AS "appoint",
         (count(*) FILTER (WHERE rv."recommendation" = 'maybe'))::int AS "maybe",
         (count(*) FILTER (WHERE rv."recommendation" = 'do-not-appoint'))::int AS "do_not_appoint"
       FROM "counted_reviews" rv WHERE rv."application_id" = a."id"
     ) AS tally`
  return { chosen, columns, from }
}

/** The statement that reads every row matching the filters (the CSV export reads it through a cursor, review-export.ts). */
export function queueRowsStatement(viewer: QueueViewer, filters: QueueFilters): { sql: string; values: unknown[] } {
  const parameters = new Parameters()
  const { chosen, columns, from } = rowsParts(viewer, filters, parameters, () => '')
  return {
    sql: `WITH "chosen" AS (${chosen})
     SELECT ${columns}
     ${from}
     ORDER BY ${orderBy(filters.sort, '"chosen"."sort_score"')}`,
    values: parameters.values,
  }
}

/**
 * A page of the queue in one statement and one row: the settings it shows, the counts per status
 * and the page's rows, these two as JSON (a row's times as ISO text). A page past the end is the
 * last page, worked out in SQL from the counts, so that such a page is no more statements than
 * any other. Each part is MATERIALIZED, planned on its own as the separate statements were:
 * inlined into one query, the planner took two to four times as long over it. One JSON value
 * for the rows is one parse in the app, where 25 rows of 20 columns were 500 (about a tenth of
 * the app's time for the page).
 */
export function queuePageStatement(viewer: QueueViewer, filters: QueueFilters, page: { size: number; requestedOffset: number }): { sql: string; values: unknown[] } {
  const parameters = new Parameters()
  const counts = countsSql(viewer, filters, parameters)
  const shown = filters.status ? ` FILTER (WHERE c."status" = ${parameters.add(filters.status)}::text)` : ''
  const size = constant(page.size)
  const limit = (p: Parameters) =>
    `LIMIT ${size} OFFSET (SELECT least(${p.add(page.requestedOffset)}::bigint, greatest(ceil(shown."total" / ${size}::numeric) - 1, 0)::bigint * ${size}) FROM "shown")`
  const { chosen, columns, from } = rowsParts(viewer, filters, parameters, limit)
  return {
    sql: `WITH "counted" AS MATERIALIZED (${counts}),
     "shown" AS (SELECT coalesce(sum(c."count")${shown}, 0) AS "total" FROM "counted" c),
     "chosen" AS MATERIALIZED (${chosen}),
     "page" AS MATERIALIZED (SELECT "chosen"."sort_score", ${columns} ${from})
     SELECT s."quorum", s."blind_review",
       (SELECT coalesce(json_agg(json_build_object('status', c."status", 'count', c."count")), '[]') FROM "counted" c) AS "counts",
       (SELECT coalesce(json_agg(a ORDER BY ${orderBy(filters.sort, 'a."sort_score"')}), '[]') FROM "page" a) AS "rows"
     FROM "settings" s
     WHERE s."id" = 1`,
    values: parameters.values,
  }
}
