import type { EntityManager } from 'typeorm'
import { EQUALITY_QUESTIONS, type EqualityQuestion } from '../domain/equality-questions.ts'
import { todayInLondon } from '../services/role.service.ts'

/** Every count under this is never shown. */
export const SUPPRESSION_THRESHOLD = 5

export type Suppression = 'shown' | 'primary' | 'secondary'

/**
 * Which cells of one question's table to hide. `counts[row][column]`: one row per year, each row
 * the answers of that year's responses (every response in exactly one column, "Not answered"
 * included), so each row sums to the year's number of responses. The report also shows the
 * all-years row (the column sums), so the table is suppressed as a whole: year rows and the
 * all-years row together, as a reader who sees every year's page and the all-years page would.
 *
 * Assumes the worst: every row's total (responses in that year, and in all years) is known.
 *
 * 1. Primary: every count under 5 (zero included) is hidden.
 * 2. Secondary, repeated until nothing changes, for every line whose total is known:
 *    - a row (total: that period's responses) or a column (total: the all-years cell, when shown)
 *      must not have exactly one hidden cell, or subtraction gives it back;
 *    - the hidden cells of such a line must not add up to less than 5, or subtraction gives back
 *      their sum, itself a small count (and all of them at once when it is 0);
 *    - a column whose all-years cell is hidden must not have it as its only hidden cell.
 *    When a line breaks a rule, its smallest shown cell is hidden too (ties: the first).
 *
 * Returns the marks in the same shape, with the all-years row last.
 */
export function suppressTable(counts: readonly (readonly number[])[]): { years: Suppression[][]; allYears: Suppression[] } {
  const columns = counts[0]?.length ?? 0
  const all = Array.from({ length: columns }, (_, column) => counts.reduce((sum, row) => sum + row[column]!, 0))
  // The grid: the year rows, then the all-years row.
  const grid = [...counts.map((row) => [...row]), all]
  const marks: Suppression[][] = grid.map((row) => row.map((count) => (count < SUPPRESSION_THRESHOLD ? 'primary' : 'shown')))
  const allRow = grid.length - 1

  type Cell = [row: number, column: number]
  const hidden = ([row, column]: Cell) => marks[row]![column] !== 'shown'
  const count = ([row, column]: Cell) => grid[row]![column]!
  /** Hides the smallest shown cell of the line; false when every cell is hidden already. */
  const hideSmallest = (cells: Cell[]): boolean => {
    const shown = cells.filter((cell) => !hidden(cell))
    if (shown.length === 0) return false
    const smallest = shown.reduce((best, cell) => (count(cell) < count(best) ? cell : best))
    marks[smallest[0]]![smallest[1]] = 'secondary'
    return true
  }
  const sumOf = (cells: Cell[]) => cells.reduce((sum, cell) => sum + count(cell), 0)

  for (let changed = true; changed; ) {
    changed = false
    // Rows: the total is known, so the hidden cells' sum is known.
    for (let row = 0; row < grid.length; row++) {
      const cells: Cell[] = Array.from({ length: columns }, (_, column) => [row, column])
      const hiddenCells = cells.filter(hidden)
      if (hiddenCells.length === 0) continue
      if (hiddenCells.length === 1 || sumOf(hiddenCells) < SUPPRESSION_THRESHOLD) changed = hideSmallest(cells) || changed
    }
    // Columns: all years = the sum of the years.
    if (allRow === 0) continue
    for (let column = 0; column < columns; column++) {
      const yearCells: Cell[] = Array.from({ length: allRow }, (_, row) => [row, column])
      const allCell: Cell = [allRow, column]
      const hiddenYears = yearCells.filter(hidden)
      if (hidden(allCell)) {
        if (hiddenYears.length === 0) changed = hideSmallest(yearCells) || changed
      } else if (hiddenYears.length > 0 && (hiddenYears.length === 1 || sumOf(hiddenYears) < SUPPRESSION_THRESHOLD)) {
        // The smallest of the column's cells, the all-years cell included.
        changed = hideSmallest([...yearCells, allCell]) || changed
      }
    }
  }
  return { years: marks.slice(0, allRow), allYears: marks[allRow]! }
}

export interface EqualityCell {
  value: string
  label: string
  /** Null when hidden. */
  count: number | null
  suppression: Suppression
}

export interface EqualityQuestionReport {
  key: string
  legend: string
  cells: EqualityCell[]
}

export interface EqualityReport {
  /** The year whose responses are held back until it ends (this year, in London). */
  heldBackYear: number
  /** The year reported, or null for all years. */
  year: number | null
  /** Years with any responses, newest first. */
  years: number[]
  /** Responses in the period; null when fewer than 5. */
  responses: number | null
  questions: EqualityQuestionReport[]
}

const NOT_ANSWERED = { value: 'not-answered', text: 'Not answered' }
const NO_LONGER_OFFERED = { value: 'no-longer-offered', text: 'An answer no longer offered' }

/**
 * The equality monitoring report for one year, or all years (`year` null or a year without
 * responses): answers counted per question, never per person (the responses are not linked to
 * anyone), with small counts suppressed so that no count under 5 can be read or worked out from
 * the rest of the report.
 *
 * Finished years only: this year's responses are held back until it ends. A report that took in
 * each response as it came would change by one person at a time, and comparing it before and
 * after an application (whose date staff can see) would give back that person's answers, however
 * the counts were hidden.
 */
export async function equalityReport(db: EntityManager, { year, now = new Date() }: { year: number | null; now?: Date }): Promise<EqualityReport> {
  const heldBackYear = Number(todayInLondon(now).slice(0, 4))
  const responseRows: { year: number; count: number }[] = await db.query(
    `SELECT extract(year FROM "submitted_month")::int AS "year", count(*)::int AS "count" FROM "equality_responses" WHERE "submitted_month" < make_date($1, 1, 1) GROUP BY 1 ORDER BY 1`,
    [heldBackYear],
  )
  const answerRows: AnswerRow[] = await db.query(
    `SELECT extract(year FROM r."submitted_month")::int AS "year", a."key", a."value", count(*)::int AS "count"
     FROM "equality_responses" r, jsonb_each_text(r."answers") a
     WHERE r."submitted_month" < make_date($1, 1, 1)
     GROUP BY 1, 2, 3`,
    [heldBackYear],
  )
  const allYears = responseRows.map((row) => row.year)
  const reported = year !== null && allYears.includes(year) ? year : null
  const responsesByYear = new Map(responseRows.map((row) => [row.year, row.count]))
  const totalResponses = reported === null ? responseRows.reduce((sum, row) => sum + row.count, 0) : responsesByYear.get(reported)!

  const questions = EQUALITY_QUESTIONS.map((question) => questionReport(question, allYears, reported, responsesByYear, answerRows))
  return {
    heldBackYear,
    year: reported,
    years: [...allYears].reverse(),
    responses: totalResponses < SUPPRESSION_THRESHOLD ? null : totalResponses,
    questions,
  }
}

interface AnswerRow {
  year: number
  key: string
  value: string
  count: number
}

function questionReport(
  question: EqualityQuestion,
  years: number[],
  reported: number | null,
  responsesByYear: Map<number, number>,
  answerRows: AnswerRow[],
): EqualityQuestionReport {
  const rows = answerRows.filter((row) => row.key === question.key)
  const known = new Set(question.options.map((option) => option.value))
  const columns = [...question.options, ...(rows.some((row) => !known.has(row.value)) ? [NO_LONGER_OFFERED] : []), NOT_ANSWERED]
  const counts = years.map((year) => {
    const ofYear = rows.filter((row) => row.year === year)
    const answered = ofYear.reduce((sum, row) => sum + row.count, 0)
    return columns.map((column) => {
      if (column === NOT_ANSWERED) return responsesByYear.get(year)! - answered
      if (column === NO_LONGER_OFFERED) return ofYear.filter((row) => !known.has(row.value)).reduce((sum, row) => sum + row.count, 0)
      return ofYear.find((row) => row.value === column.value)?.count ?? 0
    })
  })
  const marks = suppressTable(counts)
  const index = reported === null ? -1 : years.indexOf(reported)
  const shownCounts = index === -1 ? columns.map((_, column) => counts.reduce((sum, row) => sum + row[column]!, 0)) : counts[index]!
  const shownMarks = index === -1 ? marks.allYears : marks.years[index]!
  return {
    key: question.key,
    legend: question.legend,
    cells: columns.map((column, i) => ({
      value: column.value,
      label: column.text,
      count: shownMarks[i] === 'shown' ? shownCounts[i]! : null,
      suppression: shownMarks[i]!,
    })),
  }
}
