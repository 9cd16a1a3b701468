import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, RoleNotFoundError, type RoleVersion } from './role-change.ts'

/** Takes an item off the onboarding checklist that new executives in the role get. */
export const removeChecklistItem: Action<RoleVersion & { key: string }, Role> = (tx, { key, ...role }, actor) =>
  changeRole(tx, role, actor, (current) => {
    if (!current.checklistTemplate.some((item) => item.key === key)) throw new RoleNotFoundError(`No checklist item ${key}`)
    return { changes: { checklistTemplate: current.checklistTemplate.filter((item) => item.key !== key) }, note: `checklist item removed: ${key}` }
  })
