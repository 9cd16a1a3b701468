// Dates typed into forms: the NHS date input (separate day, month and year fields), and the
// YYYY-MM-DD value an <input type="date"> sends.

export type DatePart = 'day' | 'month' | 'year'

interface DateResult {
  value: string | null
  error?: string
  /** The inputs to highlight: the ones at fault. */
  parts: DatePart[]
}

function joinParts(parts: DatePart[]): string {
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`
}

/**
 * An optional NHS date input (day, month, year) with the service manual's error messages:
 * "<Name> must include a month", "<Name> must be a real date", "Year must include 4 numbers",
 * and, when `notBefore` is given, "<Name> must be today or in the future".
 */
export function parseDateInput(name: string, typed: Record<DatePart, string>, notBefore: string | null): DateResult {
  const parts: DatePart[] = ['day', 'month', 'year']
  const missing = parts.filter((part) => typed[part] === '')
  if (missing.length === 3) return { value: null, parts: [] }
  if (missing.length > 0) return { value: null, error: `${name} must include a ${joinParts(missing)}`, parts: missing }

  const wrong = parts.filter((part) => !/^\d+$/.test(typed[part]))
  if (wrong.length > 0) return { value: null, error: `${name} must be a real date`, parts: wrong }
  const day = Number(typed.day)
  const month = Number(typed.month)
  if (!/^\d{4}$/.test(typed.year)) return { value: null, error: 'Year must include 4 numbers', parts: ['year'] }
  const year = Number(typed.year)
  const outOfRange = [...(day < 1 || day > 31 ? (['day'] as const) : []), ...(month < 1 || month > 12 ? (['month'] as const) : [])]
  if (outOfRange.length > 0) return { value: null, error: `${name} must be a real date`, parts: outOfRange }
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || year < 2000) return { value: null, error: `${name} must be a real date`, parts }
  const value = date.toISOString().slice(0, 10)
  if (notBefore && value < notBefore) return { value: null, error: `${name} must be today or in the future`, parts }
  return { value, parts: [] }
}

/** A real calendar date written YYYY-MM-DD, as an <input type="date"> sends it. */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}
