import type { DataSource, EntityManager } from 'typeorm'
import { IllegalTransitionError, isOpen, nextStatus, type ApplicationStatus } from '../domain/application-status.ts'
import type { MailService } from '../mail/outbox.ts'
import { StaleApplicationError, transition } from './application-status.service.ts'
import { eraseApplicationRecord, eraseEmails } from './erasure.ts'
import { audit, type Actor } from './audit.ts'
import { AppError, ApplicationNotFoundError } from '../domain/errors.ts'

// Declared with the base error, as the decision service throws it too.
export { ApplicationNotFoundError }

const APPLICANT: Actor = { type: 'applicant', id: null }

/** Someone else changed the application between the applicant's page and their request. */
export class ApplicationChangedError extends AppError {
  constructor(readonly reference: string) {
    super(`Application ${reference} changed since it was shown`)
  }
}

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

/** Makes `value` match itself literally inside an ILIKE pattern (backslash is the escape). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export interface ErasureResult {
  applications: number
}

/**
 * What an applicant signed in with an emailed link can see and do: their own applications
 * (found by their lower-cased address; erased ones have none), withdraw one, erase everything.
 * Every method takes the signed-in address, so an application is only ever reached through it.
 */
export class MyApplicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
  ) {}

  private select(where: string): string {
    return `SELECT a."id", a."reference", a."status", a."version", a."submitted_at",
              array_agg(r."role_title" ORDER BY r."preference") FILTER (WHERE r."id" IS NOT NULL) AS "role_titles"
            FROM "applications" a
            LEFT JOIN "application_roles" r ON r."application_id" = a."id"
            WHERE a."email" = $1 AND a."erased_at" IS NULL ${where}
            GROUP BY a."id"
            ORDER BY a."submitted_at" DESC, a."reference"`
  }

  /** Newest first. */
  async list(email: string): Promise<ApplicantApplication[]> {
    const rows: ApplicationRow[] = await this.dataSource.query(this.select(''), [email])
    return rows.map(toApplicantApplication)
  }

  /** The application with this reference if it is this applicant's, else null. */
  async find(email: string, reference: string): Promise<ApplicantApplication | null> {
    const rows: ApplicationRow[] = await this.dataSource.query(this.select('AND a."reference" = $2'), [email, reference])
    return rows[0] ? toApplicantApplication(rows[0]) : null
  }

  /**
   * Withdraws the applicant's application as they saw it (`expectedVersion`): the status change,
   * its audit row and the confirming email commit together. Throws ApplicationNotFoundError (not
   * theirs, or no such reference), IllegalTransitionError (no longer open) or
   * ApplicationChangedError (changed since they looked).
   */
  async withdraw(email: string, reference: string, expectedVersion: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows: { id: string; status: ApplicationStatus; version: number; full_name: string | null }[] = await manager.query(
        `SELECT "id", "status", "version", "full_name" FROM "applications"
         WHERE "reference" = $1 AND "email" = $2 AND "erased_at" IS NULL`,
        [reference, email],
      )
      const application = rows[0]
      if (!application) throw new ApplicationNotFoundError()
      // Refused first when it is no longer open: clearer than "it changed".
      nextStatus(application.status, 'withdraw')
      if (application.version !== expectedVersion) throw new ApplicationChangedError(reference)

      try {
        await transition(manager, { id: application.id, status: application.status, version: expectedVersion }, 'withdraw', APPLICANT, null, 'application.withdrawn')
      } catch (error) {
        if (!(error instanceof StaleApplicationError)) throw error
        // Changed by someone else since our read. If it is now closed (e.g. a double click that
        // withdrew it already), say so: that is clearer than "it changed".
        const now: { status: ApplicationStatus }[] = await manager.query(`SELECT "status" FROM "applications" WHERE "id" = $1`, [application.id])
        const status = now[0]?.status
        if (status && !isOpen(status)) throw new IllegalTransitionError(status, 'withdraw')
        throw new ApplicationChangedError(reference)
      }
      await this.mail.enqueue(manager, {
        key: `application-withdrawn:${application.id}`,
        template: 'application-withdrawn',
        to: email,
        data: {
          fullName: application.full_name ?? '',
          reference,
          roleTitles: await this.roleTitles(manager, application.id),
          retentionMonths: await this.retentionMonths(manager),
        },
      })
    })
  }

  /**
   * Erases, at once and in one transaction, the personal data held for `email`: every
   * application's personal fields (still-open ones are withdrawn first, through the status
   * machine), the answers to role questions, saved drafts, sign-in tokens, emails to the address
   * (queued ones with their jobs; sent ones blanked, keeping that they were sent), and every
   * session that mentions the address, the current one (`sessionId`) included. Each application
   * keeps its reference, dates and status, and gets one audit row saying that this happened.
   */
  async eraseApplicant(email: string, sessionId: string): Promise<ErasureResult> {
    const address = email.trim().toLowerCase()
    // The address as a whole JSON string, quotes included (so that erasing ada@example.org leaves
    // grada@example.org's session and draft alone), made literal for ILIKE.
    const inJson = `%${likeLiteral(JSON.stringify(address))}%`
    return this.dataSource.transaction(async (manager) => {
      // lower(): erasure must catch any address stored before it was normalised, whatever the index.
      const applications: { id: string; status: ApplicationStatus }[] = await manager.query(
        `SELECT "id", "status" FROM "applications" WHERE lower("email") = $1 ORDER BY "submitted_at" FOR UPDATE`,
        [address],
      )
      for (const application of applications) {
        const to = await eraseApplicationRecord(manager, application)
        await audit(manager, APPLICANT, {
          action: 'application.erased',
          subjectType: 'application',
          subjectId: application.id,
          fromStatus: application.status,
          toStatus: to,
          note: "deleted at the applicant's request",
        })
      }
      await manager.query(`DELETE FROM "application_drafts" WHERE lower("email") = $1 OR "answers"::text ILIKE $2`, [address, inJson])
      await manager.query(`DELETE FROM "one_time_tokens" WHERE lower("email") = $1`, [address])

      await eraseEmails(manager, `lower("recipient") = $1`, [address])

      await manager.query(`DELETE FROM "sessions" WHERE "sid" = $1 OR "sess"::text ILIKE $2`, [sessionId, inJson])
      return { applications: applications.length }
    })
  }

  private async roleTitles(manager: EntityManager, applicationId: string): Promise<string[]> {
    const rows: { role_title: string }[] = await manager.query(
      `SELECT "role_title" FROM "application_roles" WHERE "application_id" = $1 ORDER BY "preference"`,
      [applicationId],
    )
    return rows.map((row) => row.role_title)
  }

  private async retentionMonths(manager: EntityManager): Promise<number> {
    const rows: { retention_months: number }[] = await manager.query(`SELECT "retention_months" FROM "settings" WHERE "id" = 1`)
    return rows[0]?.retention_months ?? 6
  }
}
