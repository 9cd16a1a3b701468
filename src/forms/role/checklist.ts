// One item of the role's onboarding checklist, copied for each new executive.
import type { ChecklistData, ChecklistOwner, ChecklistTemplateItem } from '../../domain/role-definition.ts'
import { tidyLine } from '../../domain/text.ts'
import { asString, type Errors } from '../validation.ts'
import { ROLE_LIMITS, wholeNumber, type ParsedForm } from './fields.ts'

export const CHECKLIST_OWNER_LABELS: Record<ChecklistOwner, string> = {
  'community-manager': 'Community manager',
  executive: 'New executive',
}


export interface ChecklistValues {
  title: string
  owner: string
  dueInDays: string
}

export const NEW_CHECKLIST_VALUES: ChecklistValues = { title: '', owner: '', dueInDays: '' }

export function checklistValues(item: ChecklistTemplateItem): ChecklistValues {
  return { title: item.title, owner: item.owner, dueInDays: String(item.dueInDays) }
}

export function parseChecklistItem(body: Record<string, unknown>): ParsedForm<ChecklistValues, ChecklistData> {
  const values: ChecklistValues = { title: tidyLine(body.title), owner: asString(body.owner), dueInDays: tidyLine(body.dueInDays) }
  const errors: Errors = {}
  if (!values.title) errors.title = 'Enter what needs to be done'
  else if (values.title.length > ROLE_LIMITS.checklistTitle) errors.title = `Item must be ${ROLE_LIMITS.checklistTitle} characters or fewer`
  if (!(values.owner in CHECKLIST_OWNER_LABELS)) {
    values.owner = ''
    errors.owner = 'Select who does this'
  }
  const days = wholeNumber(values.dueInDays)
  if (!values.dueInDays) errors.dueInDays = 'Enter how many days after they start this is due'
  else if (days === null || days > ROLE_LIMITS.maxDueInDays) errors.dueInDays = `Days must be a whole number between 0 and ${ROLE_LIMITS.maxDueInDays}`
  return {
    values,
    errors,
    data: Object.keys(errors).length === 0 ? { title: values.title, owner: values.owner as ChecklistOwner, dueInDays: days! } : null,
  }
}
