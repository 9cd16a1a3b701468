import type { Router } from 'express'
import { removeChecklistItem } from '../../../actions/admin/roles/remove-checklist-item.ts'
import { saveChecklistItem } from '../../../actions/admin/roles/save-checklist-item.ts'
import { CHECKLIST_OWNER_LABELS, checklistValues, NEW_CHECKLIST_VALUES, parseChecklistItem } from '../../../forms/role/checklist.ts'
import { SLUG_PATTERN } from '../../../forms/role/fields.ts'
import type { Services } from '../../../services/index.ts'
import { listEditor } from './list-editor.ts'
import { rolePages } from './role-pages.ts'

/** /admin/roles/:id/checklist: the onboarding checklist template a new executive in this role starts with. */
export default function roleChecklistRoutes(services: Services): Router {
  const { change } = rolePages(services)
  return listEditor(services, {
    section: 'checklist',
    what: 'checklist item',
    find: (role, key) => (SLUG_PATTERN.test(key) ? (role.checklistTemplate.find((item) => item.key === key) ?? null) : null),
    list: (role) => ({ title: `Onboarding checklist: ${role.title}`, ownerLabels: CHECKLIST_OWNER_LABELS }),
    form: {
      view: 'checklist-item',
      back: 'Back to the onboarding checklist',
      staleField: 'title',
      blank: NEW_CHECKLIST_VALUES,
      values: (_role, item) => checklistValues(item),
      parse: parseChecklistItem,
      locals: (values) => ({
        ownerItems: Object.entries(CHECKLIST_OWNER_LABELS).map(([value, text]) => ({ value, text, checked: values.owner === value })),
      }),
    },
    name: (_role, item) => item.title,
    save: (req, role, version, item, data) => change(req, saveChecklistItem, { id: role.id, version, key: item?.key ?? null, data }),
    remove: (req, role, version, item) => change(req, removeChecklistItem, { id: role.id, version, key: item.key }),
  })
}
