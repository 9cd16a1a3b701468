/** Words as people count them: runs of non-space characters. */
export function countWords(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length
}

/** Trims and folds internal runs of spaces in a one-line answer. */
export function tidyLine(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : ''
}

/** Trims a multi-line answer and normalises line endings. */
export function tidyText(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : ''
}

/** Lower-cased, trimmed email: the form in which addresses are compared. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase()
}

/** A pragmatic email check: one @, something each side, a dot in the domain, no spaces. */
export function isEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
}
