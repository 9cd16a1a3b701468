import type { EntityManager } from 'typeorm'
import { isOpen, type ApplicationStatus } from '../domain/application-status.ts'

/** An application as its applicant sees it on /my-application. */
export interface ApplicantApplication {
  id: string
  reference: string
  status: ApplicationStatus
  version: number
  submittedAt: Date
  /** In order of preference. */
  roleTitles: string[]
  canWithdraw: boolean
}

interface ApplicationRow {
  id: string
  reference: string
  status: ApplicationStatus
  version: number
  submitted_at: Date
  role_titles: string[] | null
}

function select(where: string): string {
  return `SELECT a."id", a."reference", a."status", a."version", a."submitted_at",
            array_agg(r."role_title" ORDER BY r."preference") FILTER (WHERE r."id" IS NOT NULL) AS "role_titles"
          FROM "applications" a
          LEFT JOIN "application_roles" r ON r."application_id" = a."id"
          WHERE a."email" = $1 AND a."erased_at" IS NULL ${where}
          GROUP BY a."id"
          ORDER BY a."submitted_at" DESC, a."reference"`
}

function toApplicantApplication(row: ApplicationRow): ApplicantApplication {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    version: row.version,
    submittedAt: new Date(row.submitted_at),
    roleTitles: row.role_titles ?? [],
    canWithdraw: isOpen(row.status),
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
