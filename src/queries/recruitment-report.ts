import type { EntityManager } from 'typeorm'
import { CAREER_STAGES } from '../domain/application-answers.ts'
import { OFFER_ACCEPTED_STATUSES, REVIEWABLE_STATUSES, type ApplicationStatus } from '../domain/application-status.ts'
import { CURRENT_EXECUTIVE_STATUSES } from '../domain/executive-status.ts'
import { PLACE_FILLING_EXECUTIVE_STATUSES } from '../domain/places.ts'
import { FUNNEL_OUTCOMES, FUNNEL_STEPS, reachedStep, summariseDays, wholeDaysBetween, type DaysSummary } from '../domain/report-figures.ts'
import type { RoundStatus } from '../domain/round-status.ts'
import { todayInLondon } from '../services/role.service.ts'
import { suppressTable, type Suppression } from './equality-report.ts'

// The board's report on one recruitment round, or one role within it: counts, days and
// references only, never a name, an email address or a score. Applications belong to the round
// of the role they applied to (application_roles.round_id).

/** Terms that end within this many days are listed. */
export const TERMS_ENDING_WITHIN_DAYS = 90

export interface RoundChoice {
  id: string
  name: string
  status: RoundStatus
  finishedAt: Date | null
}

export interface FunnelLine {
  status: ApplicationStatus
  label: string
  count: number
}

export interface TimingLine extends DaysSummary {
  key: 'first-review' | 'quorum' | 'decision' | 'accepted'
  label: string
}

export interface AggregateCell {
  value: string
  label: string
  /** Null when hidden (under 5, or would give one away). */
  count: number | null
  suppression: Suppression
}

export interface RoleLine {
  roleId: string
  title: string
  applications: number
  shortlisted: number
  offered: number
  accepted: number
  places: number
  /** Executives in the role whose term is running, from any round. */
  filledNow: number
}

export interface RecruitmentReport {
  round: RoundChoice
  rounds: RoundChoice[]
  /** The roles of the round: those in it now and those applied to in it. */
  roles: { id: string; title: string }[]
  /** The role reported on, or null for the whole round. */
  role: { id: string; title: string } | null
  /** The day the figures were read, in London. */
  generatedOn: string
  applications: number
  funnel: FunnelLine[]
  outcomes: FunnelLine[]
  timings: TimingLine[]
  quorum: number
  reminderDays: number
  /** Reviewable applications without a quorum, submitted more than reminderDays ago, longest first. */
  waitingTooLong: { reference: string; days: number }[]
  boardReviews: { name: string; done: number; waiting: number }[]
  perRole: RoleLine[]
  termsEnding: { roleTitle: string; termEndsOn: string; days: number }[]
  careerStage: AggregateCell[]
  nhsEmployment: AggregateCell[]
}

interface ApplicationRow {
  id: string
  reference: string
  status: ApplicationStatus
  submittedAt: Date
  careerStage: string | null
  nhsEmployed: boolean | null
  erased: boolean
  statuses: string[]
  reviews: number
  firstReviewAt: Date | null
  quorumAt: Date | null
  decidedAt: Date | null
  acceptedAt: Date | null
}

/** Statuses a decision moves an application to: the first of them is when the board's decision was recorded. */
const DECISION_STATUSES: readonly ApplicationStatus[] = ['shortlisted', 'unsuccessful']

/** Every round, newest first: the report's choice of round. */
export async function reportRounds(db: EntityManager): Promise<RoundChoice[]> {
  return db.query(`SELECT "id", "name", "status", "finished_at" AS "finishedAt" FROM "recruitment_rounds" ORDER BY "created_at" DESC, "name"`)
}

/**
 * The report for a round (`roundId` null or unknown: the newest round), for one of its roles when
 * `roleId` names one. Null when there is no round at all.
 */
export async function recruitmentReport(
  db: EntityManager,
  { roundId, roleId, now = new Date() }: { roundId: string | null; roleId: string | null; now?: Date },
): Promise<RecruitmentReport | null> {
  const rounds = await reportRounds(db)
  const round = rounds.find((r) => r.id === roundId) ?? rounds[0]
  if (!round) return null
  const roles: { id: string; title: string }[] = await db.query(
    `SELECT r."id", r."title" FROM "roles" r
     WHERE r."round_id" = $1 OR EXISTS (SELECT 1 FROM "application_roles" ar WHERE ar."role_id" = r."id" AND ar."round_id" = $1)
     ORDER BY r."display_order", r."title"`,
    [round.id],
  )
  const role = roles.find((r) => r.id === roleId) ?? null
  const [settings]: [{ quorum: number; reminderDays: number }] = await db.query(`SELECT "quorum", "reminder_days" AS "reminderDays" FROM "settings" WHERE "id" = 1`)

  const rows: ApplicationRow[] = await db.query(
    `SELECT a."id", a."reference", a."status", a."submitted_at" AS "submittedAt", a."career_stage" AS "careerStage",
            a."nhs_employed" AS "nhsEmployed", a."erased_at" IS NOT NULL AS "erased",
            array(SELECT e."to_status" FROM "audit_events" e WHERE e."subject_type" = 'application' AND e."subject_id" = a."id"::text AND e."to_status" IS NOT NULL) || a."status" AS "statuses",
            (SELECT count(*)::int FROM "counted_reviews" r WHERE r."application_id" = a."id") AS "reviews",
            (SELECT min(r."submitted_at") FROM "counted_reviews" r WHERE r."application_id" = a."id") AS "firstReviewAt",
            (SELECT r."submitted_at" FROM "counted_reviews" r WHERE r."application_id" = a."id" ORDER BY r."submitted_at", r."id" OFFSET $3 - 1 LIMIT 1) AS "quorumAt",
            (SELECT min(e."occurred_at") FROM "audit_events" e WHERE e."subject_type" = 'application' AND e."subject_id" = a."id"::text AND e."to_status" = ANY($4::text[])) AS "decidedAt",
            (SELECT min(e."occurred_at") FROM "audit_events" e WHERE e."subject_type" = 'application' AND e."subject_id" = a."id"::text AND e."to_status" = 'accepted') AS "acceptedAt"
     FROM "applications" a
     WHERE EXISTS (SELECT 1 FROM "application_roles" ar WHERE ar."application_id" = a."id" AND ar."round_id" = $1 AND ($2::uuid IS NULL OR ar."role_id" = $2))
     ORDER BY a."submitted_at", a."reference"`,
    [round.id, role?.id ?? null, settings.quorum, DECISION_STATUSES],
  )
  const reachedBy = (status: ApplicationStatus) => rows.filter((row) => reachedStep(row.statuses, status))

  const timing = (key: TimingLine['key'], label: string, at: (row: ApplicationRow) => Date | null): TimingLine => ({
    key,
    label,
    ...summariseDays(rows.flatMap((row) => (at(row) ? [wholeDaysBetween(row.submittedAt, at(row)!)] : []))),
  })

  const reviewable = rows.filter((row) => REVIEWABLE_STATUSES.includes(row.status) && !row.erased)
  const waitingTooLong = reviewable
    .filter((row) => row.reviews < settings.quorum && row.submittedAt.getTime() < now.getTime() - settings.reminderDays * 86_400_000)
    .map((row) => ({ reference: row.reference, days: wholeDaysBetween(row.submittedAt, now) }))
    .sort((a, b) => b.days - a.days || a.reference.localeCompare(b.reference))

  const ids = rows.map((row) => row.id)
  const boardReviews: { name: string; done: number; waiting: number }[] = await db.query(
    `SELECT s."name",
            (SELECT count(*)::int FROM "counted_reviews" r WHERE r."reviewer_id" = s."id" AND r."application_id" = ANY($1::uuid[])) AS "done",
            (SELECT count(*)::int FROM unnest($2::uuid[]) w("id")
              WHERE NOT EXISTS (SELECT 1 FROM "reviews" r WHERE r."application_id" = w."id" AND r."reviewer_id" = s."id")
                AND NOT EXISTS (SELECT 1 FROM "conflicts_of_interest" c WHERE c."application_id" = w."id" AND c."staff_user_id" = s."id")) AS "waiting"
     FROM "staff_users" s
     WHERE s."active" AND 'board-member' = ANY(s."roles")
     ORDER BY s."name", s."id"`,
    [ids, reviewable.map((row) => row.id)],
  )

  const perRole: RoleLine[] = await db.query(
    `SELECT r."id" AS "roleId", r."title", r."places",
            count(a."id")::int AS "applications",
            count(a."id") FILTER (WHERE a."id" = ANY($2::uuid[]))::int AS "shortlisted",
            count(a."id") FILTER (WHERE a."id" = ANY($3::uuid[]))::int AS "offered",
            count(a."id") FILTER (WHERE a."id" = ANY($4::uuid[]))::int AS "accepted",
            (SELECT count(*)::int FROM "executives" e WHERE e."role_id" = r."id" AND e."status" = ANY($5::text[])) AS "filledNow"
     FROM "roles" r
     LEFT JOIN "application_roles" ar ON ar."role_id" = r."id" AND ar."round_id" = $1
     LEFT JOIN "applications" a ON a."id" = ar."application_id"
     WHERE r."id" = ANY($6::uuid[])
     GROUP BY r."id"
     ORDER BY r."display_order", r."title"`,
    [
      round.id,
      reachedBy('shortlisted').map((row) => row.id),
      reachedBy('offered').map((row) => row.id),
      rows.filter((row) => OFFER_ACCEPTED_STATUSES.includes(row.status)).map((row) => row.id),
      PLACE_FILLING_EXECUTIVE_STATUSES,
      (role ? [role] : roles).map((r) => r.id),
    ],
  )

  const today = todayInLondon(now)
  const termsEnding: { roleTitle: string; termEndsOn: string; days: number }[] = await db.query(
    `SELECT r."title" AS "roleTitle", to_char(e."term_ends_on", 'YYYY-MM-DD') AS "termEndsOn", (e."term_ends_on" - $1::date)::int AS "days"
     FROM "executives" e JOIN "roles" r ON r."id" = e."role_id"
     WHERE e."status" = ANY($2::text[]) AND e."term_ends_on" BETWEEN $1::date AND $1::date + $3::int
       AND ($4::uuid IS NULL OR e."role_id" = $4)
     ORDER BY e."term_ends_on", r."title"`,
    [today, CURRENT_EXECUTIVE_STATUSES, TERMS_ENDING_WITHIN_DAYS, role?.id ?? null],
  )

  const known = rows.filter((row) => !row.erased)
  const careerStages = new Set<string>(CAREER_STAGES.map((stage) => stage.value))
  return {
    round,
    rounds,
    roles,
    role,
    generatedOn: today,
    applications: rows.length,
    funnel: FUNNEL_STEPS.map((step) => ({ ...step, count: reachedBy(step.status).length })),
    outcomes: FUNNEL_OUTCOMES.map((outcome) => ({ ...outcome, count: rows.filter((row) => row.status === outcome.status).length })),
    timings: [
      timing('first-review', 'Submitted to first review', (row) => row.firstReviewAt),
      timing('quorum', `Submitted to a quorum of ${settings.quorum} ${settings.quorum === 1 ? 'review' : 'reviews'}`, (row) => row.quorumAt),
      timing('decision', 'Submitted to decision', (row) => row.decidedAt),
      timing('accepted', 'Submitted to offer accepted', (row) => row.acceptedAt),
    ],
    quorum: settings.quorum,
    reminderDays: settings.reminderDays,
    waitingTooLong,
    boardReviews,
    perRole,
    termsEnding,
    careerStage: aggregate(
      CAREER_STAGES.map((stage) => ({ value: stage.value, count: known.filter((row) => row.careerStage === stage.value).length, label: stage.text })),
      rows.length - known.filter((row) => careerStages.has(row.careerStage ?? '')).length,
    ),
    nhsEmployment: aggregate(
      [
        { value: 'yes', label: 'Employed by the NHS or a health or care organisation', count: known.filter((row) => row.nhsEmployed === true).length },
        { value: 'no', label: 'Not employed by the NHS', count: known.filter((row) => row.nhsEmployed === false).length },
      ],
      rows.length - known.filter((row) => row.nhsEmployed !== null).length,
    ),
  }
}

/**
 * One aggregate table: a cell per answer, and "Not known" for applications whose answer is gone
 * (erased at the applicant's request or after the retention period) when there are any, so the
 * cells add up to the applications in the report. Counts under 5 are hidden, and so is any count
 * that could be worked out from that total and the rest (the equality report's rule).
 */
function aggregate(answers: readonly { value: string; label: string; count: number }[], notKnown: number): AggregateCell[] {
  const cells = [...answers, ...(notKnown > 0 ? [{ value: 'not-known', label: 'Not known (answers erased)', count: notKnown }] : [])]
  const marks = suppressTable([cells.map((cell) => cell.count)]).years[0]!
  return cells.map((cell, i) => ({ value: cell.value, label: cell.label, count: marks[i] === 'shown' ? cell.count : null, suppression: marks[i]! }))
}
