// The role administration forms: each parser reads one page's fields and returns what was typed
// (to show again), the errors by field id (in the order the fields appear), and, when there are
// no errors, the clean data for the service.
import {
  QUESTION_TYPES,
  type ChecklistData,
  type ChecklistOwner,
  type ChecklistTemplateItem,
  type CriteriaText,
  type QuestionData,
  type QuestionType,
  type ReadingLink,
  type RoleDetails,
} from '../domain/role-definition.ts'
import { tidyLine, tidyText } from '../domain/text.ts'
import { parseDateInput, type DatePart } from './dates.ts'
import { asString, type Errors, type Parsed } from './validation.ts'

export type { DatePart }

export interface ParsedForm<V, D> extends Parsed<V> {
  /** The clean data; null while there are errors. */
  data: D | null
}

export const ROLE_LIMITS = {
  title: 100,
  slug: 60,
  summary: 500,
  responsibility: 300,
  responsibilities: 20,
  skill: 50,
  skills: 20,
  criterion: 200,
  criteriaPerKind: 12,
  questionLabel: 250,
  questionHint: 500,
  option: 100,
  options: 20,
  linkTitle: 150,
  linkUrl: 500,
  linkDescription: 300,
  checklistTitle: 200,
  maxHours: 40,
  maxPlaces: 20,
  maxDueInDays: 365,
} as const

/** Lowercase letters, numbers and single hyphens: safe in a URL and an HTML id. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  text: 'Short answer (one line)',
  textarea: 'Long answer (a few paragraphs)',
  'yes-no': 'Yes or no',
  'choose-one': 'Choose one option from a list',
  'choose-many': 'Choose one or more options from a list',
}

export const CHECKLIST_OWNER_LABELS: Record<ChecklistOwner, string> = {
  'community-manager': 'Community manager',
  executive: 'New executive',
}

const CHOICE_TYPES: readonly QuestionType[] = ['choose-one', 'choose-many']

/** The non-empty lines of a textarea, each tidied. */
export function linesOf(value: unknown): string[] {
  return tidyText(value)
    .split('\n')
    .map((line) => tidyLine(line))
    .filter(Boolean)
}

function hasDuplicates(lines: string[]): boolean {
  const seen = new Set(lines.map((line) => line.toLowerCase()))
  return seen.size !== lines.length
}

function wholeNumber(value: string): number | null {
  return /^\d{1,6}$/.test(value) ? Number(value) : null
}

// ---------------------------------------------------------------------------------------------
// Details: title, web address, summary, hours, NHS preference, places, closing date

export interface RoleDetailsValues {
  title: string
  slug: string
  summary: string
  hoursPerWeek: string
  nhsEmploymentPreferred: string
  places: string
  closesOnDay: string
  closesOnMonth: string
  closesOnYear: string
}

export const CLOSES_ON_ID = 'closesOn'

/** The form's values for a role as it is. */
export function roleDetailsValues(role: {
  title: string
  slug: string
  summary: string
  hoursPerWeek: number
  nhsEmploymentPreferred: boolean
  places: number
  closesOn: string | null
}): RoleDetailsValues {
  const [year = '', month = '', day = ''] = role.closesOn ? role.closesOn.split('-') : []
  return {
    title: role.title,
    slug: role.slug,
    summary: role.summary,
    hoursPerWeek: String(role.hoursPerWeek),
    nhsEmploymentPreferred: role.nhsEmploymentPreferred ? 'yes' : 'no',
    places: String(role.places),
    closesOnDay: day ? String(Number(day)) : '',
    closesOnMonth: month ? String(Number(month)) : '',
    closesOnYear: year,
  }
}

export const NEW_ROLE_VALUES: RoleDetailsValues = {
  title: '',
  slug: '',
  summary: '',
  hoursPerWeek: '2',
  nhsEmploymentPreferred: '',
  places: '1',
  closesOnDay: '',
  closesOnMonth: '',
  closesOnYear: '',
}

export interface ParsedRoleDetails extends ParsedForm<RoleDetailsValues, RoleDetails> {
  /** The closing date inputs to highlight. */
  closesOnParts: DatePart[]
}

/**
 * The role's details. `slugEditable` is false once the role has been opened: its public address
 * must not change. A closing date must be today or later unless it is the one already saved.
 */
export function parseRoleDetails(
  body: Record<string, unknown>,
  options: { slugEditable: boolean; currentSlug?: string; currentClosesOn?: string | null; today: string },
): ParsedRoleDetails {
  const values: RoleDetailsValues = {
    title: tidyLine(body.title),
    slug: options.slugEditable ? tidyLine(body.slug) : (options.currentSlug ?? ''),
    summary: tidyText(body.summary),
    hoursPerWeek: tidyLine(body.hoursPerWeek),
    nhsEmploymentPreferred: asString(body.nhsEmploymentPreferred),
    places: tidyLine(body.places),
    closesOnDay: tidyLine(body[`${CLOSES_ON_ID}-day`]),
    closesOnMonth: tidyLine(body[`${CLOSES_ON_ID}-month`]),
    closesOnYear: tidyLine(body[`${CLOSES_ON_ID}-year`]),
  }
  const errors: Errors = {}
  if (!values.title) errors.title = 'Enter the role’s title'
  else if (values.title.length > ROLE_LIMITS.title) errors.title = `Title must be ${ROLE_LIMITS.title} characters or fewer`

  if (options.slugEditable) {
    if (!values.slug) errors.slug = 'Enter the role’s web address'
    else if (values.slug.length > ROLE_LIMITS.slug) errors.slug = `Web address must be ${ROLE_LIMITS.slug} characters or fewer`
    else if (!SLUG_PATTERN.test(values.slug)) {
      errors.slug = 'Web address must only include lowercase letters, numbers and hyphens, like events-manager'
    }
  }

  if (!values.summary) errors.summary = 'Enter a summary of the role'
  else if (values.summary.length > ROLE_LIMITS.summary) errors.summary = `Summary must be ${ROLE_LIMITS.summary} characters or fewer`

  const hours = wholeNumber(values.hoursPerWeek)
  if (!values.hoursPerWeek) errors.hoursPerWeek = 'Enter about how many hours a week the role takes'
  else if (hours === null || hours < 1 || hours > ROLE_LIMITS.maxHours) {
    errors.hoursPerWeek = `Hours a week must be a whole number between 1 and ${ROLE_LIMITS.maxHours}`
  }

  if (values.nhsEmploymentPreferred !== 'yes' && values.nhsEmploymentPreferred !== 'no') {
    values.nhsEmploymentPreferred = ''
    errors.nhsEmploymentPreferred = 'Select yes if the role would ideally suit someone employed by the NHS'
  }

  const places = wholeNumber(values.places)
  if (!values.places) errors.places = 'Enter the number of places'
  else if (places === null || places < 1 || places > ROLE_LIMITS.maxPlaces) {
    errors.places = `Places must be a whole number between 1 and ${ROLE_LIMITS.maxPlaces}`
  }

  const typedDate = { day: values.closesOnDay, month: values.closesOnMonth, year: values.closesOnYear }
  let closesOn = parseDateInput('Closing date', typedDate, null)
  // An unchanged closing date may be in the past (a closed role keeps its date); a new one may not.
  if (!closesOn.error && closesOn.value && closesOn.value !== (options.currentClosesOn ?? null)) {
    closesOn = parseDateInput('Closing date', typedDate, options.today)
  }
  // The error summary links to the first input at fault.
  if (closesOn.error) errors[`${CLOSES_ON_ID}-${closesOn.parts[0] ?? 'day'}`] = closesOn.error

  const ok = Object.keys(errors).length === 0
  return {
    values,
    errors,
    closesOnParts: closesOn.parts,
    data: ok
      ? {
          title: values.title,
          slug: options.slugEditable ? values.slug : null,
          summary: values.summary,
          hoursPerWeek: hours!,
          nhsEmploymentPreferred: values.nhsEmploymentPreferred === 'yes',
          places: places!,
          closesOn: closesOn.value,
        }
      : null,
  }
}

/** The closing date's error message, whichever of its inputs it is filed under. */
export function closesOnError(errors: Errors): string | null {
  const key = Object.keys(errors).find((field) => field.startsWith(`${CLOSES_ON_ID}-`))
  return key ? errors[key]! : null
}

// ---------------------------------------------------------------------------------------------
// Lists kept one per line: responsibilities and skills

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

// ---------------------------------------------------------------------------------------------
// Criteria: essential and desirable, one per line

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

// ---------------------------------------------------------------------------------------------
// One role-specific question

export interface QuestionValues {
  label: string
  hint: string
  type: string
  required: string
  options: string
}

export const NEW_QUESTION_VALUES: QuestionValues = { label: '', hint: '', type: '', required: '', options: '' }

export function questionValues(question: { label: string; hint: string | null; type: QuestionType; required: boolean; options: string[] }): QuestionValues {
  return {
    label: question.label,
    hint: question.hint ?? '',
    type: question.type,
    required: question.required ? 'yes' : 'no',
    options: question.options.join('\n'),
  }
}

export function parseQuestion(body: Record<string, unknown>): ParsedForm<QuestionValues, QuestionData> {
  const values: QuestionValues = {
    label: tidyLine(body.label),
    hint: tidyLine(body.hint),
    type: asString(body.type),
    required: asString(body.required),
    options: tidyText(body.options),
  }
  const errors: Errors = {}
  if (!values.label) errors.label = 'Enter the question'
  else if (values.label.length > ROLE_LIMITS.questionLabel) errors.label = `Question must be ${ROLE_LIMITS.questionLabel} characters or fewer`
  if (values.hint.length > ROLE_LIMITS.questionHint) errors.hint = `Hint text must be ${ROLE_LIMITS.questionHint} characters or fewer`

  const type = (QUESTION_TYPES as readonly string[]).includes(values.type) ? (values.type as QuestionType) : null
  if (!type) {
    values.type = ''
    errors.type = 'Select the type of answer'
  }
  if (values.required !== 'yes' && values.required !== 'no') {
    values.required = ''
    errors.required = 'Select yes if applicants must answer this question'
  }

  const options = linesOf(values.options)
  if (type && CHOICE_TYPES.includes(type)) {
    if (options.length < 2) errors.options = 'Enter at least 2 options, one on each line'
    else if (options.length > ROLE_LIMITS.options) errors.options = `Enter ${ROLE_LIMITS.options} options or fewer`
    else if (options.some((option) => option.length > ROLE_LIMITS.option)) errors.options = `Each option must be ${ROLE_LIMITS.option} characters or fewer`
    else if (hasDuplicates(options)) errors.options = 'Each option must be different'
  }

  return {
    values,
    errors,
    data:
      Object.keys(errors).length === 0
        ? {
            label: values.label,
            hint: values.hint || null,
            type: type!,
            required: values.required === 'yes',
            // Options only mean something for the choice types; others keep none.
            options: CHOICE_TYPES.includes(type!) ? options : [],
          }
        : null,
  }
}

// ---------------------------------------------------------------------------------------------
// One further reading link

export interface LinkValues {
  title: string
  url: string
  description: string
}

export const NEW_LINK_VALUES: LinkValues = { title: '', url: '', description: '' }

export function linkValues(link: ReadingLink): LinkValues {
  return { title: link.title, url: link.url, description: link.description ?? '' }
}

/** An https web address with a host and no user name or password in it; null otherwise. */
export function httpsUrl(value: string): URL | null {
  try {
    const url = new URL(value)
    if (url.protocol !== 'https:' || !url.hostname.includes('.') || url.username || url.password) return null
    return url
  } catch {
    return null
  }
}

export function parseLink(body: Record<string, unknown>): ParsedForm<LinkValues, ReadingLink> {
  const values: LinkValues = { title: tidyLine(body.title), url: tidyLine(body.url), description: tidyLine(body.description) }
  const errors: Errors = {}
  if (!values.title) errors.title = 'Enter the link’s title'
  else if (values.title.length > ROLE_LIMITS.linkTitle) errors.title = `Title must be ${ROLE_LIMITS.linkTitle} characters or fewer`
  let url: URL | null = null
  if (!values.url) errors.url = 'Enter the web address'
  else if (values.url.length > ROLE_LIMITS.linkUrl) errors.url = `Web address must be ${ROLE_LIMITS.linkUrl} characters or fewer`
  else if (!/^https:\/\//i.test(values.url)) errors.url = 'Enter a web address that starts with https://'
  else if (!(url = httpsUrl(values.url))) errors.url = 'Enter a web address in the correct format, like https://www.england.nhs.uk'
  if (values.description.length > ROLE_LIMITS.linkDescription) {
    errors.description = `Description must be ${ROLE_LIMITS.linkDescription} characters or fewer`
  }
  return {
    values,
    errors,
    data: Object.keys(errors).length === 0 ? { title: values.title, url: url!.href, description: values.description || null } : null,
  }
}

// ---------------------------------------------------------------------------------------------
// One onboarding checklist item

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
