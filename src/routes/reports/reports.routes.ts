import { Router, type Request } from 'express'
import { daysText } from '../../domain/report-figures.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { recruitmentReport, TERMS_ENDING_WITHIN_DAYS, type RecruitmentReport } from '../../queries/recruitment-report.ts'
import type { Services } from '../../services/index.ts'
import { reportCharts } from '../../views/report-charts.ts'
import { boardPaperCsv } from './board-paper-csv.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const idFrom = (value: unknown) => (typeof value === 'string' && UUID.test(value) ? value : null)

/** "?round=…&role=…" for the links between the report, the paper and the CSV. */
function scopeQuery(report: RecruitmentReport): string {
  const params = new URLSearchParams({ round: report.round.id })
  if (report.role) params.set('role', report.role.id)
  return `?${params.toString()}`
}

/**
 * /reports: the board's report on a recruitment round, or one role in it, for board members and
 * community managers; the print-ready board paper and its CSV. Counts, days and references only.
 */
export default function reportsRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('board-member', 'community-manager'))

  const load = (req: Request) => services.read(recruitmentReport, { roundId: idFrom(req.query.round), roleId: idFrom(req.query.role) })

  const locals = async (report: RecruitmentReport, chartPrefix: string) => ({
    report,
    charts: await reportCharts(report, chartPrefix),
    scopeQuery: scopeQuery(report),
    daysText,
    termsWithinDays: TERMS_ENDING_WITHIN_DAYS,
  })

  router.get('/', async (req, res) => {
    const report = await load(req)
    if (!report) return res.render('pages/reports/none', { title: 'Reports' })
    res.render('pages/reports/index', {
      title: `Report: ${report.role ? `${report.role.title}, ` : ''}${report.round.name}`,
      ...(await locals(report, 'report')),
    })
  })

  router.get('/board-paper', async (req, res, next) => {
    const report = await load(req)
    if (!report) return next()
    res.render('pages/reports/board-paper', {
      title: `Board paper: ${report.role ? `${report.role.title}, ` : ''}${report.round.name}`,
      backLink: { href: `/reports${scopeQuery(report)}`, text: 'Back to the report' },
      ...(await locals(report, 'paper')),
    })
  })

  router.get('/board-paper.csv', async (req, res, next) => {
    const report = await load(req)
    if (!report) return next()
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="board-paper-${report.generatedOn}.csv"`,
      'Cache-Control': 'no-store',
    })
    res.send(boardPaperCsv(report))
  })

  return router
}
