import { EXECUTIVE_MACHINE, isCurrentExecutive } from '../../domain/executive-status.ts'
import { allows } from '../../domain/status-machine.ts'
import { AppError } from '../../domain/errors.ts'
import { OnboardingItem } from '../../entities/index.ts'
import type { Action, Actor } from '../tx.ts'
import { completeOnboarding } from './activate-executive.ts'
import { ChecklistItemNotFoundError, ExecutiveEndedError, ExecutiveNotFoundError, lockExecutive, remainingItems } from './executive-record.ts'

/** An executive tried to change an item the community manager owns. */
export class NotYourItemError extends AppError {
  constructor() {
    super('This item belongs to the community manager')
  }
}

/** Who changes a checklist: a community manager, or the executive themselves. */
export type ChecklistActor = { type: 'staff'; id: string } | { type: 'executive'; id: string }

/** Only these two tick items; anyone else is a mistake in the caller, not a refusal to show. */
function checklistActor(actor: Actor): ChecklistActor {
  if ((actor.type === 'staff' || actor.type === 'executive') && actor.id) return { type: actor.type, id: actor.id }
  throw new Error('Only a community manager or the executive changes a checklist')
}

export interface TickOnboardingItem {
  executiveId: string
  itemId: string
  /** The state asked for: done, or not done. */
  done: boolean
  now?: Date
}

export interface TickResult {
  title: string
  /** False when the item already had the state asked for. */
  changed: boolean
  /** True when this made the checklist complete and the executive active. */
  completed: boolean
}

/**
 * Ticks or unticks one item. A community manager may change any item; an executive only their
 * own executive-owned items (NotYourItemError otherwise; another executive's item is not
 * found). The executive's row is locked first, so that the last two items ticked at the same
 * moment still complete the checklist: when nothing is left to do, the executive becomes
 * active. Asking for the state an item already has changes nothing.
 */
export const tickOnboardingItem: Action<TickOnboardingItem, TickResult> = async (tx, { executiveId, itemId, done, now = new Date() }, by) => {
  const actor = checklistActor(by)
  const executive = await lockExecutive(tx.manager, executiveId)
  if (actor.type === 'executive' && actor.id !== executiveId) throw new ExecutiveNotFoundError()
  if (!isCurrentExecutive(executive.status)) throw new ExecutiveEndedError()
  const item = await tx.manager.findOneBy(OnboardingItem, { id: itemId, executiveId })
  if (!item) throw new ChecklistItemNotFoundError()
  if (actor.type === 'executive' && item.owner !== 'executive') throw new NotYourItemError()
  if (done === (item.doneAt !== null)) return { title: item.title, changed: false, completed: false }

  await tx.manager.update(
    OnboardingItem,
    { id: item.id },
    done ? { doneAt: now, doneByType: actor.type, doneById: actor.id } : { doneAt: null, doneByType: null, doneById: null },
  )
  await tx.audit(actor, {
    action: done ? 'onboarding.item-done' : 'onboarding.item-undone',
    subjectType: 'onboarding_item',
    subjectId: item.id,
    note: `executive: ${executiveId}`,
  })
  if (!done || !allows(EXECUTIVE_MACHINE, executive.status, 'activate')) return { title: item.title, changed: true, completed: false }
  const remaining = await remainingItems(tx.manager, executiveId)
  if (remaining > 0) return { title: item.title, changed: true, completed: false }
  await completeOnboarding(tx, executive, actor, null, null)
  return { title: item.title, changed: true, completed: true }
}
