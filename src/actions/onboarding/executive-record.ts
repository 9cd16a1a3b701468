import type { EntityManager } from 'typeorm'
import { CURRENT_EXECUTIVE_STATUSES, EXECUTIVE_STATUSES, isCurrentExecutive, type ExecutiveStatus } from '../../domain/executive-status.ts'
import { AppError } from '../../domain/errors.ts'

// What the onboarding actions share: the executive's row, locked or changed with the version the
// person saw, and the refusals they all give.

export class ExecutiveNotFoundError extends AppError {
  constructor() {
    super('No such executive')
  }
}

/** Someone else changed the executive since the page was shown. Nothing was written. */
export class StaleExecutiveError extends AppError {
  constructor() {
    super('The executive was changed by someone else')
  }
}

/** The term has ended: the checklist and profile no longer change. */
export class ExecutiveEndedError extends AppError {
  constructor() {
    super('The executive’s term has ended')
  }
}

export class ChecklistItemNotFoundError extends AppError {
  constructor() {
    super('No such checklist item for this executive')
  }
}

export interface LockedExecutive {
  id: string
  status: ExecutiveStatus
  version: number
  application_id: string
  name: string
  role_title: string
}

/** Columns a versioned edit may set; the SQL is built from these names only. */
type ExecutiveColumn = 'term_ends_on' | 'term_reminder_sent_at' | 'handover_notes' | 'bio' | 'organisation' | 'show_on_team' | 'status' | 'ended_at'

/** The executive's row, locked until the transaction ends. */
export async function lockExecutive(manager: EntityManager, executiveId: string): Promise<LockedExecutive> {
  const rows: LockedExecutive[] = await manager.query(
    `SELECT e.id, e.status, e.version, e.application_id, e.name, r.title AS role_title
     FROM executives e JOIN roles r ON r.id = e.role_id
     WHERE e.id = $1
     FOR UPDATE OF e`,
    [executiveId],
  )
  if (!rows[0]) throw new ExecutiveNotFoundError()
  return rows[0]
}

/**
 * `UPDATE executives ... WHERE id = $1 AND version = $2`: one row changes, or nothing does and
 * the person is told why (not found, term ended, or changed by someone else).
 */
export async function changeExecutive(
  manager: EntityManager,
  executiveId: string,
  version: number,
  columns: Partial<Record<ExecutiveColumn, unknown>>,
  options: { allowEnded?: boolean } = {},
): Promise<void> {
  const entries = Object.entries(columns)
  const sets = entries.map(([column], index) => `"${column}" = $${index + 4}`)
  const changeable = options.allowEnded ? EXECUTIVE_STATUSES : CURRENT_EXECUTIVE_STATUSES
  const [, changed]: [unknown[], number] = await manager.query(
    `UPDATE executives SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
     WHERE id = $1 AND version = $2 AND status = ANY($3::text[])`,
    [executiveId, version, changeable, ...entries.map(([, value]) => value)],
  )
  if (changed === 1) return
  const rows: { status: ExecutiveStatus }[] = await manager.query(`SELECT status FROM executives WHERE id = $1`, [executiveId])
  if (!rows[0]) throw new ExecutiveNotFoundError()
  if (!isCurrentExecutive(rows[0].status) && !options.allowEnded) throw new ExecutiveEndedError()
  throw new StaleExecutiveError()
}

/** How many of the executive's checklist items are not done yet. */
export async function remainingItems(manager: EntityManager, executiveId: string): Promise<number> {
  const rows: { remaining: number }[] = await manager.query(
    `SELECT count(*)::int AS remaining FROM onboarding_items WHERE executive_id = $1 AND done_at IS NULL`,
    [executiveId],
  )
  return rows[0]!.remaining
}
