import { APPLICATION_MACHINE, isOpen, type ApplicationStatus } from '../../domain/application-status.ts'
import { IllegalTransitionError, nextStatus } from '../../domain/status-machine.ts'
import { AppError, ApplicationNotFoundError } from '../../domain/errors.ts'
import { StaleApplicationError } from '../../services/application-status.service.ts'
import type { Action } from '../tx.ts'

/** Someone else changed the application between the applicant's page and their request. */
export class ApplicationChangedError extends AppError {
  constructor(readonly reference: string) {
    super(`Application ${reference} changed since it was shown`)
  }
}

export interface WithdrawApplication {
  /** The signed-in applicant's address: only their own application can be withdrawn. */
  email: string
  reference: string
  /** The version they saw. */
  version: number
}

/**
 * The applicant withdraws an application as they saw it: the status change, its audit row and
 * the confirming email commit together. Throws ApplicationNotFoundError (not theirs, or no such
 * reference), IllegalTransitionError (no longer open) or ApplicationChangedError (changed since
 * they looked).
 */
export const withdrawApplication: Action<WithdrawApplication, void> = async (tx, { email, reference, version }, actor) => {
  const rows: { id: string; status: ApplicationStatus; version: number; full_name: string | null }[] = await tx.manager.query(
    `SELECT "id", "status", "version", "full_name" FROM "applications"
     WHERE "reference" = $1 AND "email" = $2 AND "erased_at" IS NULL`,
    [reference, email],
  )
  const application = rows[0]
  if (!application) throw new ApplicationNotFoundError()
  // Refused first when it is no longer open: clearer than "it changed".
  nextStatus(APPLICATION_MACHINE, application.status, 'withdraw')
  if (application.version !== version) throw new ApplicationChangedError(reference)

  try {
    await tx.transition({ id: application.id, status: application.status, version }, 'withdraw', actor, { action: 'application.withdrawn' })
  } catch (error) {
    if (!(error instanceof StaleApplicationError)) throw error
    // Changed by someone else since our read. If it is now closed (e.g. a double click that
    // withdrew it already), say so: that is clearer than "it changed".
    const now: { status: ApplicationStatus }[] = await tx.manager.query(`SELECT "status" FROM "applications" WHERE "id" = $1`, [application.id])
    const status = now[0]?.status
    if (status && !isOpen(status)) throw new IllegalTransitionError(APPLICATION_MACHINE, status, 'withdraw')
    throw new ApplicationChangedError(reference)
  }

  const roles: { role_title: string }[] = await tx.manager.query(
    `SELECT "role_title" FROM "application_roles" WHERE "application_id" = $1 ORDER BY "preference"`,
    [application.id],
  )
  const settings: { retention_months: number }[] = await tx.manager.query(`SELECT "retention_months" FROM "settings" WHERE "id" = 1`)
  await tx.email({
    key: `application-withdrawn:${application.id}`,
    template: 'application-withdrawn',
    to: email,
    data: {
      fullName: application.full_name ?? '',
      reference,
      roleTitles: roles.map((row) => row.role_title),
      retentionMonths: settings[0]?.retention_months ?? 6,
    },
  })
}
