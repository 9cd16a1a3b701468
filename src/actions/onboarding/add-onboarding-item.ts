import type { ChecklistOwner } from '../../domain/role-definition.ts'
import { OnboardingItem } from '../../entities/index.ts'
import type { Action } from '../tx.ts'
import { changeExecutive } from './executive-record.ts'

export interface AddOnboardingItem {
  executiveId: string
  item: { title: string; owner: ChecklistOwner; dueOn: string }
  /** The version of the executive the community manager saw. */
  version: number
}

/** Adds an item at the end of the checklist. */
export const addOnboardingItem: Action<AddOnboardingItem, void> = async (tx, { executiveId, item, version }, actor) => {
  // The versioned update also locks the row, so two additions cannot take the same position.
  await changeExecutive(tx.manager, executiveId, version, {})
  const rows: { next: number }[] = await tx.manager.query(
    `SELECT coalesce(max(position), 0) + 1 AS next FROM onboarding_items WHERE executive_id = $1`,
    [executiveId],
  )
  const next = rows[0]!.next
  const inserted = await tx.manager.insert(OnboardingItem, { executiveId, key: null, title: item.title, owner: item.owner, dueOn: item.dueOn, position: next })
  await tx.audit(actor, {
    action: 'onboarding.item-added',
    subjectType: 'onboarding_item',
    subjectId: (inserted.identifiers[0] as { id: string }).id,
    note: `executive: ${executiveId}; owner: ${item.owner}`,
  })
}
