import type { ChecklistOwner } from '../../domain/role-definition.ts'
import { OnboardingItem } from '../../entities/index.ts'
import type { Action } from '../tx.ts'
import { changeExecutive, ChecklistItemNotFoundError } from './executive-record.ts'

export interface ReassignOnboardingItem {
  executiveId: string
  itemId: string
  owner: ChecklistOwner
  /** The version of the executive the community manager saw. */
  version: number
}

/** Gives an item to the community manager or the executive. */
export const reassignOnboardingItem: Action<ReassignOnboardingItem, void> = async (tx, { executiveId, itemId, owner, version }, actor) => {
  const item = await tx.manager.findOneBy(OnboardingItem, { id: itemId, executiveId })
  if (!item) throw new ChecklistItemNotFoundError()
  await changeExecutive(tx.manager, executiveId, version, {})
  await tx.manager.update(OnboardingItem, { id: item.id }, { owner })
  await tx.audit(actor, { action: 'onboarding.item-reassigned', subjectType: 'onboarding_item', subjectId: item.id, note: `owner: ${owner}` })
}
