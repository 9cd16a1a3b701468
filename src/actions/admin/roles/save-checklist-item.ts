import type { ChecklistData, ChecklistTemplateItem } from '../../../domain/role-definition.ts'
import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, RoleNotFoundError, type RoleVersion } from './role-change.ts'
import { keyFrom, RESERVED_KEYS } from './role-keys.ts'

export type SaveChecklistItem = RoleVersion & {
  /** The item to change; null adds one. */
  key: string | null
  data: ChecklistData
}

/** Adds a checklist item (key null) or changes one. Its key never changes. */
export const saveChecklistItem: Action<SaveChecklistItem, Role> = (tx, { key, data, ...role }, actor) =>
  changeRole(tx, role, actor, (current) => {
    if (key === null) {
      const item: ChecklistTemplateItem = { key: keyFrom(data.title, [...current.checklistTemplate.map((i) => i.key), ...RESERVED_KEYS], 'item'), ...data }
      return { changes: { checklistTemplate: [...current.checklistTemplate, item] }, note: `checklist item added: ${item.key}` }
    }
    if (!current.checklistTemplate.some((item) => item.key === key)) throw new RoleNotFoundError(`No checklist item ${key}`)
    return {
      changes: { checklistTemplate: current.checklistTemplate.map((item) => (item.key === key ? { key, ...data } : item)) },
      note: `checklist item changed: ${key}`,
    }
  })
