// Shared shapes for form parsing: a parser takes a request body and returns the values to keep
// (always, so a page with errors can show what was typed) and the errors by field id.

export type Errors = Record<string, string>

export interface Parsed<T> {
  values: T
  errors: Errors
}

export interface ErrorSummaryItem {
  text: string
  href: string
}

/** The NHS error summary's list, in the order the fields appear. */
export function errorList(errors: Errors): ErrorSummaryItem[] {
  return Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` }))
}

/** A body value as a list of strings, whether one or many were sent. */
export function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
  return typeof value === 'string' ? [value] : []
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/**
 * The hidden `version` field: the version of the record the page showed, for an update guarded by
 * it. A missing or mangled one is -1, which matches no row, so the change is refused as stale.
 */
export function parseVersion(body: Record<string, unknown>): number {
  const typed = asString(body.version)
  return /^\d{1,9}$/.test(typed) ? Number(typed) : -1
}
