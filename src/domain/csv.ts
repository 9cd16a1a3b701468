// CSV for spreadsheets: RFC 4180 quoting, and no cell that a spreadsheet would run as a formula.

export type CsvValue = string | number | null | undefined

/** Excel needs the byte order mark to read a downloaded CSV as UTF-8 (names with accents). */
export const CSV_BYTE_ORDER_MARK = '\uFEFF'

// What a spreadsheet may take as the start of a formula (OWASP, "CSV Injection").
const FORMULA_START = /^[=+\-@\t\r]/

/** Text that a spreadsheet shows as it is instead of running it: a leading apostrophe. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/**
 * One cell. Text is neutralised, then quoted when it holds a comma, a double quote or a line
 * break, with its double quotes doubled. A number stays a number: it cannot be a formula, and a
 * negative one must not turn into text.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : neutraliseFormula(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRow(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',')
}

/** Rows, each ended by CRLF as RFC 4180 has it. */
export function csvLines(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => `${csvRow(row)}\r\n`).join('')
}

/** A whole file: the header row, then the rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvLines([header, ...rows])
}
