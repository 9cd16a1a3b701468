import type { EntityManager } from 'typeorm'
import type { StoredAnswers } from '../domain/answer-summary.ts'
import type { ApplicationProgress } from '../domain/applicant-next-steps.ts'
import { isOpen, type ApplicationStatus } from '../domain/application-status.ts'
import type { UnsuccessfulReason } from '../domain/decisions.ts'
import type { ExecutiveStatus } from '../domain/executive-status.ts'
import type { RoleQuestion } from '../domain/role-definition.ts'

/** An application as its applicant sees it on /my-application. */
export interface ApplicantApplication extends ApplicationProgress {
  id: string
  reference: string
  version: number
  /** In order of preference. */
  roleTitles: string[]
  canWithdraw: boolean
}

/** An application with everything its applicant sent, as they sent it. */
export interface ApplicantApplicationAnswers extends ApplicantApplication {
  answers: StoredAnswers & { nhsEmailVerified: boolean }
}

interface ApplicationRow {
  id: string
  reference: string
  status: ApplicationStatus
  version: number
  submitted_at: Date
  offered_role_id: string | null
  unsuccessful_reason: UnsuccessfulReason | null
  unsuccessful_feedback: string | null
  roles: { roleId: string; title: string }[] | null
  offer_respond_by: Date | null
  executive_role_title: string | null
  executive_status: ExecutiveStatus | null
  executive_starts_on: string | null
  executive_term_ends_on: string | null
}

interface AnswersRow {
  full_name: string | null
  email: string | null
  phone: string | null
  nhs_employed: boolean | null
  organisation: string | null
  job_title: string | null
  nhs_email_verified_domain: string | null
  career_stage: string | null
  hours_available: string | null
  motivation: string | null
  skills: string[]
  skills_other: string | null
  heard_about: string | null
  role_answers: { title: string; questions: RoleQuestion[]; answers: Record<string, string | string[]> }[] | null
}

const ANSWER_COLUMNS = `a."full_name", a."email", a."phone", a."nhs_employed", a."organisation", a."job_title", a."nhs_email_verified_domain",
  a."career_stage", a."hours_available", a."motivation", a."skills", a."skills_other", a."heard_about",
  (SELECT json_agg(json_build_object('title', r."role_title", 'questions', r."questions", 'answers', r."answers") ORDER BY r."preference")
   FROM "application_roles" r WHERE r."application_id" = a."id") AS "role_answers"`

function select(where: string, { withAnswers = false } = {}): string {
  // The offer's links while unanswered; the executive made when the offer was accepted.
  return `SELECT a."id", a."reference", a."status", a."version", a."submitted_at", a."offered_role_id",
            a."unsuccessful_reason", a."unsuccessful_feedback",
            (SELECT json_agg(json_build_object('roleId', r."role_id", 'title', r."role_title") ORDER BY r."preference")
             FROM "application_roles" r WHERE r."application_id" = a."id") AS "roles",
            (SELECT o."expires_at" FROM "offer_links" o WHERE o."application_id" = a."id" AND o."responded_at" IS NULL) AS "offer_respond_by",
            er."title" AS "executive_role_title", e."status" AS "executive_status",
            e."starts_on"::text AS "executive_starts_on", e."term_ends_on"::text AS "executive_term_ends_on"
            ${withAnswers ? `, ${ANSWER_COLUMNS}` : ''}
          FROM "applications" a
          LEFT JOIN "executives" e ON e."application_id" = a."id"
          LEFT JOIN "roles" er ON er."id" = e."role_id"
          WHERE a."email" = $1 AND a."erased_at" IS NULL ${where}
          ORDER BY a."submitted_at" DESC, a."reference"`
}

function toApplicantApplication(row: ApplicationRow): ApplicantApplication {
  const roles = row.roles ?? []
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    version: row.version,
    submittedAt: new Date(row.submitted_at),
    roles,
    roleTitles: roles.map((role) => role.title),
    canWithdraw: isOpen(row.status),
    offeredRoleId: row.offered_role_id,
    offerRespondBy: row.offer_respond_by ? new Date(row.offer_respond_by) : null,
    unsuccessfulReason: row.unsuccessful_reason,
    unsuccessfulFeedback: row.unsuccessful_feedback,
    executive:
      row.executive_status && row.executive_role_title && row.executive_starts_on && row.executive_term_ends_on
        ? { roleTitle: row.executive_role_title, status: row.executive_status, startsOn: row.executive_starts_on, termEndsOn: row.executive_term_ends_on }
        : null,
  }
}

/**
 * The signed-in applicant's own applications, newest first, found by their lower-cased address
 * (erased ones have none). Every read takes that address, so an application is only ever
 * reached through it.
 */
export async function applicantApplications(db: EntityManager, { email }: { email: string }): Promise<ApplicantApplication[]> {
  const rows: ApplicationRow[] = await db.query(select(''), [email])
  return rows.map(toApplicantApplication)
}

/** The application with this reference if it is this applicant's, else null. */
export async function applicantApplication(db: EntityManager, { email, reference }: { email: string; reference: string }): Promise<ApplicantApplication | null> {
  const rows: ApplicationRow[] = await db.query(select('AND a."reference" = $2'), [email, reference])
  return rows[0] ? toApplicantApplication(rows[0]) : null
}

/** The same, with the answers they sent (never equality monitoring: it is not linked to them). */
export async function applicantApplicationAnswers(
  db: EntityManager,
  { email, reference }: { email: string; reference: string },
): Promise<ApplicantApplicationAnswers | null> {
  const rows: (ApplicationRow & AnswersRow)[] = await db.query(select('AND a."reference" = $2', { withAnswers: true }), [email, reference])
  const row = rows[0]
  if (!row) return null
  return {
    ...toApplicantApplication(row),
    answers: {
      identity: {
        fullName: row.full_name,
        email: row.email,
        phone: row.phone,
        organisation: row.organisation,
        jobTitle: row.job_title,
        nhsEmailDomain: row.nhs_email_verified_domain,
      },
      nhsEmployed: row.nhs_employed,
      nhsEmailVerified: row.nhs_email_verified_domain !== null,
      careerStage: row.career_stage,
      hoursAvailable: row.hours_available,
      motivation: row.motivation,
      skills: row.skills,
      skillsOther: row.skills_other,
      heardAbout: row.heard_about,
      roles: row.role_answers ?? [],
    },
  }
}
