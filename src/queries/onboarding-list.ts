import type { EntityManager } from 'typeorm'
import type { ExecutiveStatus } from '../domain/executive-status.ts'
import { todayInLondon } from '../services/role.service.ts'

export interface ExecutiveSummary {
  id: string
  name: string
  roleTitle: string
  status: ExecutiveStatus
  startsOn: string
  termEndsOn: string
  done: number
  total: number
  overdue: number
}

/** Executives getting started (most overdue items first), then the active ones, then past ones. */
export async function onboardingList(db: EntityManager, { now = new Date() }: { now?: Date } = {}): Promise<Record<ExecutiveStatus, ExecutiveSummary[]>> {
  const rows: {
    id: string
    name: string
    role_title: string
    status: ExecutiveStatus
    starts_on: string
    term_ends_on: string
    done: number
    total: number
    overdue: number
  }[] = await db.query(
    `SELECT e.id, e.name, r.title AS role_title, e.status, e.starts_on::text AS starts_on, e.term_ends_on::text AS term_ends_on,
            count(i.id)::int AS total,
            count(i.id) FILTER (WHERE i.done_at IS NOT NULL)::int AS done,
            count(i.id) FILTER (WHERE i.done_at IS NULL AND i.due_on < $1::date)::int AS overdue
     FROM executives e
     JOIN roles r ON r.id = e.role_id
     LEFT JOIN onboarding_items i ON i.executive_id = e.id
     GROUP BY e.id, r.title
     ORDER BY overdue DESC, e.starts_on, e.name`,
    [todayInLondon(now)],
  )
  const byStatus: Record<ExecutiveStatus, ExecutiveSummary[]> = { onboarding: [], active: [], ended: [] }
  for (const row of rows) {
    byStatus[row.status].push({
      id: row.id,
      name: row.name,
      roleTitle: row.role_title,
      status: row.status,
      startsOn: row.starts_on,
      termEndsOn: row.term_ends_on,
      done: row.done,
      total: row.total,
      overdue: row.overdue,
    })
  }
  // Active and past executives are found by the end of their term, not by overdue items.
  byStatus.active.sort((a, b) => a.termEndsOn.localeCompare(b.termEndsOn) || a.name.localeCompare(b.name))
  byStatus.ended.sort((a, b) => b.termEndsOn.localeCompare(a.termEndsOn) || a.name.localeCompare(b.name))
  return byStatus
}
