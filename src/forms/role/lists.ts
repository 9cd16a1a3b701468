// Lists typed one per line: responsibilities, skills, and the essential and desirable criteria.
import type { CriteriaText } from '../../domain/role-definition.ts'
import { tidyText } from '../../domain/text.ts'
import type { Errors } from '../validation.ts'
import { hasDuplicates, linesOf, ROLE_LIMITS, type ParsedForm } from './fields.ts'

interface LinesRules {
  field: string
  /** Message when empty; null when the list may be empty. */
  required: string | null
  itemName: string
  maxLength: number
  maxItems: number
}

export function parseLines(body: Record<string, unknown>, rules: LinesRules): ParsedForm<Record<string, string>, string[]> {
  const typed = tidyText(body[rules.field])
  const lines = linesOf(typed)
  let error: string | null = null
  if (lines.length === 0 && rules.required) error = rules.required
  else if (lines.length > rules.maxItems) error = `Enter ${rules.maxItems} ${rules.itemName}s or fewer`
  else if (lines.some((line) => line.length > rules.maxLength)) error = `Each ${rules.itemName} must be ${rules.maxLength} characters or fewer`
  else if (hasDuplicates(lines)) error = `Each ${rules.itemName} must be different`
  return { values: { [rules.field]: typed }, errors: error ? { [rules.field]: error } : {}, data: error ? null : lines }
}

export function parseResponsibilities(body: Record<string, unknown>) {
  return parseLines(body, {
    field: 'responsibilities',
    required: 'Enter at least one responsibility',
    itemName: 'responsibility',
    maxLength: ROLE_LIMITS.responsibility,
    maxItems: ROLE_LIMITS.responsibilities,
  })
}

export function parseSkills(body: Record<string, unknown>) {
  return parseLines(body, { field: 'skills', required: null, itemName: 'skill', maxLength: ROLE_LIMITS.skill, maxItems: ROLE_LIMITS.skills })
}

export interface CriteriaValues {
  essential: string
  desirable: string
}

export function parseCriteria(body: Record<string, unknown>): ParsedForm<CriteriaValues, CriteriaText> {
  const values = { essential: tidyText(body.essential), desirable: tidyText(body.desirable) }
  const essential = linesOf(values.essential)
  const desirable = linesOf(values.desirable)
  const errors: Errors = {}
  const check = (field: 'essential' | 'desirable', lines: string[]) => {
    if (lines.length > ROLE_LIMITS.criteriaPerKind) errors[field] = `Enter ${ROLE_LIMITS.criteriaPerKind} ${field} criteria or fewer`
    else if (lines.some((line) => line.length > ROLE_LIMITS.criterion)) errors[field] = `Each criterion must be ${ROLE_LIMITS.criterion} characters or fewer`
    else if (hasDuplicates(lines)) errors[field] = 'Each criterion must be different'
  }
  if (essential.length === 0) errors.essential = 'Enter at least one essential criterion'
  else check('essential', essential)
  check('desirable', desirable)
  if (!errors.desirable && !errors.essential && hasDuplicates([...essential, ...desirable])) {
    errors.desirable = 'A criterion cannot be both essential and desirable'
  }
  return { values, errors, data: Object.keys(errors).length === 0 ? { essential, desirable } : null }
}
