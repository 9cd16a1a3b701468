// Helpers for the NHS.UK partials in views/components/. They reach every template through
// app.locals (and the email renderer's locals), and EJS hands a page's locals to each include,
// so a partial reads them as `locals.componentHelpers` instead of carrying its own copy.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe for HTML, inside an element or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (character) => HTML_ENTITIES[character] as string)
}

/**
 * ` name="value"` for each entry, as nhsuk-frontend's `nhsukAttributes` macro prints them. An
 * entry `{ value, optional: true }` prints a bare ` name` when the value is true and nothing when
 * it is missing or false; an array value is printed as JSON.
 */
export function attrs(attributes: unknown): string {
  const entries = Object.entries(attributes !== null && typeof attributes === 'object' ? attributes : {})
  return entries
    .map(([name, item]: [string, unknown]) => {
      const { value, optional } = (item !== null && typeof item === 'object' && !Array.isArray(item) ? item : { value: item }) as {
        value?: unknown
        optional?: boolean
      }
      if (optional && value === true) return ` ${escapeHtml(name)}`
      if (optional && (value === undefined || value === null || value === false)) return ''
      return ` ${escapeHtml(name)}="${escapeHtml(Array.isArray(value) ? JSON.stringify(value) : (value ?? ''))}"`
    })
    .join('')
}

/** Whether a `classes` option already holds one of these class names. */
export function hasClass(classes: string | string[] | null | undefined, names: string[]): boolean {
  return Boolean(classes) && names.some((name) => classes?.includes(name))
}

/** An option given as a string is shorthand for `{ text }`, as nhsuk-frontend allows. */
export function textOrHtml(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : { text: typeof value === 'string' ? value : undefined }
}

export const componentHelpers = { escapeHtml, attrs, hasClass, textOrHtml }
