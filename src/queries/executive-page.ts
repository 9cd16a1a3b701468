import type { EntityManager } from 'typeorm'
import { CURRENT_EXECUTIVE_STATUSES } from '../domain/executive-status.ts'
import { CHECKLIST_OWNER_LABELS } from '../domain/onboarding.ts'
import type { ChecklistOwner } from '../domain/role-definition.ts'
import { Executive } from '../entities/index.ts'
import { todayInLondon } from '../services/role.service.ts'

export interface ChecklistItemView {
  id: string
  /** The template item's key ('join-slack'); null for items a community manager added. */
  key: string | null
  title: string
  owner: ChecklistOwner
  ownerLabel: string
  dueOn: string
  position: number
  done: boolean
  doneAt: Date | null
  doneByName: string | null
  overdue: boolean
}

export interface ExecutiveView {
  executive: Executive
  roleTitle: string
  items: ChecklistItemView[]
  done: number
  total: number
  overdue: number
}

/** One executive with their checklist in order, who ticked what, and what is overdue. */
export async function executivePage(db: EntityManager, { executiveId, now = new Date() }: { executiveId: string; now?: Date }): Promise<ExecutiveView | null> {
  const executive = await db.getRepository(Executive).findOne({ where: { id: executiveId }, relations: { role: true } })
  if (!executive) return null
  const today = todayInLondon(now)
  const rows: {
    id: string
    key: string | null
    title: string
    owner: ChecklistOwner
    due_on: string
    position: number
    done_at: Date | null
    done_by_name: string | null
  }[] = await db.query(
    `SELECT i.id, i.key, i.title, i.owner, i.due_on::text AS due_on, i.position, i.done_at,
            CASE i.done_by_type WHEN 'staff' THEN s.name WHEN 'executive' THEN e.name END AS done_by_name
     FROM onboarding_items i
     JOIN executives e ON e.id = i.executive_id
     LEFT JOIN staff_users s ON i.done_by_type = 'staff' AND s.id = i.done_by_id
     WHERE i.executive_id = $1
     ORDER BY i.position`,
    [executiveId],
  )
  const items = rows.map((row) => ({
    id: row.id,
    key: row.key,
    title: row.title,
    owner: row.owner,
    ownerLabel: CHECKLIST_OWNER_LABELS[row.owner],
    dueOn: row.due_on,
    position: row.position,
    done: row.done_at !== null,
    doneAt: row.done_at,
    doneByName: row.done_by_name,
    overdue: row.done_at === null && row.due_on < today,
  }))
  return {
    executive,
    roleTitle: executive.role?.title ?? '',
    items,
    done: items.filter((item) => item.done).length,
    total: items.length,
    overdue: items.filter((item) => item.overdue).length,
  }
}

/** The signed-in executive (with their role), while their term lasts; else null. */
export function currentExecutive(db: EntityManager, { executiveId }: { executiveId: string }): Promise<Executive | null> {
  return db
    .getRepository(Executive)
    .createQueryBuilder('executive')
    .leftJoinAndSelect('executive.role', 'role')
    .where('executive.id = :id', { id: executiveId })
    .andWhere('executive.status IN (:...current)', { current: CURRENT_EXECUTIVE_STATUSES })
    .getOne()
}
