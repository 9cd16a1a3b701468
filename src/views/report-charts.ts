import { daysText } from '../domain/report-figures.ts'
import type { AggregateCell, RecruitmentReport, TimingLine } from '../queries/recruitment-report.ts'
import { renderChart } from './charts.ts'

// The report's charts, from the same figures as its tables.

export interface ReportCharts {
  funnel: string
  timings: string
  careerStage: string
  nhsEmployment: string
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`
const HIDDEN = 'fewer than 5, or hidden so that a small number cannot be worked out'

function aggregateBars(cells: readonly AggregateCell[]) {
  return cells.map((cell) => ({ label: cell.label, value: cell.count, text: cell.count === null ? 'Hidden' : String(cell.count) }))
}

function aggregateWords(cells: readonly AggregateCell[]) {
  return cells.map((cell) => `${cell.label}: ${cell.count === null ? HIDDEN : cell.count}`).join('; ')
}

/** Short enough for the chart's axis; the table beside it has the full wording. */
const TIMING_AXIS_LABELS: Record<TimingLine['key'], string> = { 'first-review': 'First review', quorum: 'Quorum', decision: 'Decision', accepted: 'Offer accepted' }

/** `prefix` keeps ids unique when a page shows more than one report. */
export async function reportCharts(report: RecruitmentReport, prefix = 'chart'): Promise<ReportCharts> {
  const scope = report.role ? `${report.role.title}, ${report.round.name}` : report.round.name
  const funnelBars = [
    ...report.funnel.map((line) => ({ label: line.label, value: line.count, text: String(line.count) })),
    ...report.outcomes.map((line) => ({ label: `${line.label} (ended)`, value: line.count, text: String(line.count) })),
  ]
  const [funnel, timings, careerStage, nhsEmployment] = await Promise.all([
    renderChart({
      id: `${prefix}-funnel`,
      title: `Applications at each step: ${scope}`,
      description: `Bar chart of ${plural(report.applications, 'application', 'applications')}. How many reached each step: ${report.funnel.map((line) => `${line.label} ${line.count}`).join(', ')}. Where they ended instead: ${report.outcomes.map((line) => `${line.label} ${line.count}`).join(', ')}.`,
      axisTitle: 'Applications',
      bars: funnelBars,
    }),
    renderChart({
      id: `${prefix}-timings`,
      title: `Days from submission to each step: ${scope}`,
      description: `Bar chart of the median and longest days. ${report.timings
        .map((line) => `${line.label}: ${line.count === 0 ? 'none yet' : `median ${daysText(line.median)}, longest ${daysText(line.longest)}, from ${plural(line.count, 'application', 'applications')}`}`)
        .join('. ')}.`,
      axisTitle: 'Days',
      bars: report.timings.flatMap((line) => [
        { label: TIMING_AXIS_LABELS[line.key], series: 'Median', value: line.median, text: line.median === null ? 'None yet' : `Median ${daysText(line.median)}` },
        { label: TIMING_AXIS_LABELS[line.key], series: 'Longest', value: line.longest, text: line.longest === null ? 'None yet' : `Longest ${daysText(line.longest)}` },
      ]),
    }),
    renderChart({
      id: `${prefix}-career`,
      title: `Applicants by career stage: ${scope}`,
      description: `Bar chart. ${aggregateWords(report.careerStage)}.`,
      axisTitle: 'Applicants',
      bars: aggregateBars(report.careerStage),
    }),
    renderChart({
      id: `${prefix}-nhs`,
      title: `Applicants by NHS employment: ${scope}`,
      description: `Bar chart. ${aggregateWords(report.nhsEmployment)}.`,
      axisTitle: 'Applicants',
      bars: aggregateBars(report.nhsEmployment),
    }),
  ])
  return { funnel, timings, careerStage, nhsEmployment }
}
