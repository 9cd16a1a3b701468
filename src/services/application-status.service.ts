import type { EntityManager } from 'typeorm'
import { APPLICATION_MACHINE, type ApplicationEvent, type ApplicationStatus } from '../domain/application-status.ts'
import { nextStatus } from '../domain/status-machine.ts'
import { audit, type Actor } from './audit.ts'
import { AppError } from '../domain/errors.ts'

/** Someone else changed the application since it was read. Nothing was written. */
export class StaleApplicationError extends AppError {
  constructor() {
    super('The application was changed by someone else')
  }
}

export interface VersionedApplication {
  id: string
  status: ApplicationStatus
  version: number
}

/**
 * The one place an application's status changes: checks the move against the status machine
 * (IllegalTransitionError otherwise), updates only if nobody changed the application since it
 * was read (StaleApplicationError otherwise), and writes the audit row, all in the caller's
 * transaction. Returns the new status and version.
 */
export async function transition(
  manager: EntityManager,
  application: VersionedApplication,
  event: ApplicationEvent,
  actor: Actor,
  note: string | null = null,
  action = `application.${event}`,
): Promise<VersionedApplication> {
  const to = nextStatus(APPLICATION_MACHINE, application.status, event)
  const [, changed]: [unknown[], number] = await manager.query(
    `UPDATE applications
     SET status = $1, version = version + 1, status_changed_at = now(), updated_at = now()
     WHERE id = $2 AND version = $3`,
    [to, application.id, application.version],
  )
  if (changed !== 1) throw new StaleApplicationError()
  await audit(manager, actor, {
    action,
    subjectType: 'application',
    subjectId: application.id,
    fromStatus: application.status,
    toStatus: to,
    note,
  })
  return { id: application.id, status: to, version: application.version + 1 }
}
