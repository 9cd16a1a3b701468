// The role's details page: title, web address, summary, hours, NHS preference, places, closing date.
import type { RoleDetails } from '../../domain/role-definition.ts'
import { tidyLine, tidyText } from '../../domain/text.ts'
import { parseDateInput, type DatePart } from '../dates.ts'
import { asString, type Errors } from '../validation.ts'
import { ROLE_LIMITS, SLUG_PATTERN, wholeNumber, type ParsedForm } from './fields.ts'

export type { DatePart }

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
