import { CSV_BYTE_ORDER_MARK, toCsv, type CsvValue } from '../../domain/csv.ts'
import { daysText } from '../../domain/report-figures.ts'
import type { AggregateCell, RecruitmentReport } from '../../queries/recruitment-report.ts'

// The board paper as CSV for spreadsheets: one figure a row, as section, item, measure, value.
// References and counts only, never a person; every cell goes through csvCell (formula-safe).

const HEADER = ['Round', 'Role', 'Date', 'Section', 'Item', 'Measure', 'Value']

const aggregateRows = (section: string, cells: readonly AggregateCell[]): CsvValue[][] =>
  cells.map((cell) => [section, cell.label, 'Applicants', cell.count ?? 'Hidden (fewer than 5)'])

export function boardPaperCsv(report: RecruitmentReport): string {
  const rows: CsvValue[][] = [
    ['Applications', 'All', 'Applications', report.applications],
    ...report.funnel.map((line): CsvValue[] => ['Funnel', line.label, 'Reached this step', line.count]),
    ...report.outcomes.map((line): CsvValue[] => ['Funnel', line.label, 'Ended here', line.count]),
    ...report.timings.flatMap((line): CsvValue[][] => [
      ['Time to each step', line.label, 'Median days', line.median === null ? 'None yet' : daysText(line.median)],
      ['Time to each step', line.label, 'Longest days', line.longest ?? 'None yet'],
      ['Time to each step', line.label, 'Applications', line.count],
    ]),
    ['Waiting too long', `Longer than ${report.reminderDays} days without a quorum`, 'Applications', report.waitingTooLong.length],
    ...report.waitingTooLong.map((line): CsvValue[] => ['Waiting too long', line.reference, 'Days waiting', line.days]),
    ...report.boardReviews.flatMap((line): CsvValue[][] => [
      ['Board reviews', line.name, 'Reviews done', line.done],
      ['Board reviews', line.name, 'Reviews waiting', line.waiting],
    ]),
    ...report.perRole.flatMap((line): CsvValue[][] => [
      ['Roles', line.title, 'Applications', line.applications],
      ['Roles', line.title, 'Shortlisted', line.shortlisted],
      ['Roles', line.title, 'Offered', line.offered],
      ['Roles', line.title, 'Offers accepted', line.accepted],
      ['Roles', line.title, 'Places', line.places],
      ['Roles', line.title, 'Places filled now', line.filledNow],
    ]),
    ...report.termsEnding.map((line): CsvValue[] => ['Terms ending in the next 90 days', line.roleTitle, 'Term ends on', line.termEndsOn]),
    ...aggregateRows('Career stage', report.careerStage),
    ...aggregateRows('NHS employment', report.nhsEmployment),
  ]
  const scope = [report.round.name, report.role?.title ?? 'All roles', report.generatedOn]
  return CSV_BYTE_ORDER_MARK + toCsv(HEADER, rows.map((row) => [...scope, ...row]))
}
