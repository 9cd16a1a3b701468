// What every role administration form shares: the limits, the parsers' result and how lines
// typed into a textarea are read. Each page's parser is in the file named for the page; each
// returns what was typed (to show again), the errors by field id (in the order the fields
// appear), and, when there are no errors, the clean data for the action.
import { tidyLine, tidyText } from '../../domain/text.ts'
import type { Parsed } from '../validation.ts'

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

/** The non-empty lines of a textarea, each tidied. */
export function linesOf(value: unknown): string[] {
  return tidyText(value)
    .split('\n')
    .map((line) => tidyLine(line))
    .filter(Boolean)
}

/** Two lines the same but for case count as repeats. */
export function hasDuplicates(lines: string[]): boolean {
  const seen = new Set(lines.map((line) => line.toLowerCase()))
  return seen.size !== lines.length
}

/** A whole number typed with digits only; null otherwise. */
export function wholeNumber(value: string): number | null {
  return /^\d{1,6}$/.test(value) ? Number(value) : null
}
