import { parse } from 'csv-parse/sync'
import { isEmail, normaliseEmail } from '../../domain/text.ts'

export const ELECTOR_UPLOAD_MAX_BYTES = 1024 * 1024
export const ELECTOR_UPLOAD_MAX_ROWS = 20000

export interface ElectorRowError {
  line: number
  message: string
}

export interface ParsedElectors {
  /** Every address, lower-cased, in the file's order; only to be used when there are no errors. */
  emails: string[]
  errors: ElectorRowError[]
  /** A problem with the file as a whole (not CSV, empty, too long), or null. */
  fileError: string | null
}

const EMAIL_HEADER = /^e-?mail( address)?$/i

/**
 * A CSV of electors' email addresses: one a row, in the column headed "email" (or "email
 * address") when there is a header, else the first column. Blank rows are skipped; every other
 * row that is not one address, or repeats one, is reported with its line number.
 */
export function parseElectorsCsv(file: Buffer | null): ParsedElectors {
  const none = (fileError: string): ParsedElectors => ({ emails: [], errors: [], fileError })
  if (!file || file.length === 0) return none('Select a CSV file of electors’ email addresses')
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(file, { bom: true, info: true, relax_column_count: true, skip_empty_lines: false, trim: true }) as unknown as typeof records
  } catch {
    return none('The file must be a CSV file: one email address a row')
  }
  const rows = records.filter(({ record }) => record.some((cell) => cell !== ''))
  if (rows.length === 0) return none('The file has no email addresses in it')
  const headerAt = rows[0]!.record.findIndex((cell) => EMAIL_HEADER.test(cell))
  const column = Math.max(headerAt, 0)
  const body = headerAt >= 0 ? rows.slice(1) : rows
  if (body.length === 0) return none('The file has no email addresses in it')
  if (body.length > ELECTOR_UPLOAD_MAX_ROWS) return none(`The file can have at most ${ELECTOR_UPLOAD_MAX_ROWS} email addresses`)
  const emails: string[] = []
  const errors: ElectorRowError[] = []
  const firstLine = new Map<string, number>()
  for (const { record, info } of body) {
    const line = info.lines
    const typed = record[column] ?? ''
    if (!typed) errors.push({ line, message: `Line ${line} has no email address${headerAt >= 0 ? ' in the email column' : ''}` })
    else if (!isEmail(typed)) errors.push({ line, message: `Line ${line}: “${typed.slice(0, 100)}” is not an email address` })
    else {
      const email = normaliseEmail(typed)
      const seen = firstLine.get(email)
      if (seen !== undefined) errors.push({ line, message: `Line ${line}: ${email} is also on line ${seen}` })
      else {
        firstLine.set(email, line)
        emails.push(email)
      }
    }
  }
  return { emails, errors, fileError: null }
}
