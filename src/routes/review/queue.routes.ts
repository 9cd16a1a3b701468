import { Router, type Request } from 'express'
import { APPLICANT_STATUS_TAG_COLOURS } from '../../domain/applicant-next-steps.ts'
import { APPLICATION_STATUSES, STATUS_LABELS, type ApplicationStatus } from '../../domain/application-status.ts'
import { CSV_BYTE_ORDER_MARK, csvLines, type CsvValue } from '../../domain/csv.ts'
import type { StaffUser } from '../../entities/index.ts'
import { CAREER_STAGES, HOURS_OPTIONS, labelFor } from '../../domain/application-answers.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import type { Services } from '../../services/index.ts'
import { reviewExport } from '../../queries/review-export.ts'
import { formatAverage, quorumState } from '../../domain/scoring.ts'
import { NO_FILTERS, QUEUE_SORTS, queueRoleOptions, reviewQueue, type QueueFilters, type QueuePage, type QueueRow, type QueueSort, type QueueViewer } from '../../queries/review-queue.ts'
import { PUBLIC_ROLE_STATUSES } from '../../domain/role-status.ts'
import { todayInLondon } from '../../services/role.service.ts'

const BASE = '/review'

/** A query value as a single string; repeated or nested parameters count as absent. */
function single(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function isStatus(value: string | null): value is ApplicationStatus {
  return value !== null && (APPLICATION_STATUSES as readonly string[]).includes(value)
}

function isSort(value: string | null): value is QueueSort {
  return value !== null && (QUEUE_SORTS as readonly string[]).includes(value)
}

/**
 * The queue's filters from the query string. Anything unknown (a role that does not exist, a
 * made-up status, a page that is not a number) is ignored, never an error.
 */
export function parseQueueQuery(
  query: Request['query'],
  options: { roles: readonly { slug: string; id: string }[]; canReview: boolean },
): { filters: QueueFilters; page: number } {
  const slug = single(query.role)
  const role = options.roles.find((option) => option.slug === slug)
  const status = single(query.status)
  const nhs = single(query.nhs)
  const page = single(query.page)
  const sort = single(query.sort)
  return {
    filters: {
      role: role ? { slug: role.slug, id: role.id } : null,
      status: isStatus(status) ? status : null,
      nhsEmployed: nhs === 'yes' ? true : nhs === 'no' ? false : null,
      // Only board members review, so only they can be waited on.
      needsMyReview: options.canReview && single(query.needsMyReview) === 'yes',
      sort: isSort(sort) ? sort : NO_FILTERS.sort,
    },
    page: page !== null && /^\d{1,9}$/.test(page) ? Math.max(1, Number(page)) : 1,
  }
}

/** The query string for these filters (and page), leaving out the defaults. */
export function queueQuery(filters: QueueFilters, page = 1): string {
  const query = new URLSearchParams()
  if (filters.role) query.set('role', filters.role.slug)
  if (filters.status) query.set('status', filters.status)
  if (filters.nhsEmployed !== null) query.set('nhs', filters.nhsEmployed ? 'yes' : 'no')
  if (filters.needsMyReview) query.set('needsMyReview', 'yes')
  if (filters.sort !== NO_FILTERS.sort) query.set('sort', filters.sort)
  if (page > 1) query.set('page', String(page))
  const text = query.toString()
  return text ? `?${text}` : ''
}

function viewerOf(user: StaffUser): QueueViewer {
  return { id: user.id, roles: user.roles }
}

const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'Yes' : 'No')

const VIEWER_STATE_TEXT: Record<QueueRow['viewerState'], string> = {
  reviewed: 'Reviewed',
  conflict: 'Conflict declared',
  'needs-review': 'Needs your review',
  'not-needed': 'No review needed',
}

function reviewsText(count: number, quorum: number): string {
  return count <= quorum ? `${count} of ${quorum}` : `${count} (quorum ${quorum})`
}

/** Whether a decision can be made yet: the quorum of counted board reviews. */
function quorumText(count: number, quorum: number): string {
  const state = quorumState(count, quorum)
  return state.reached ? 'Enough for a decision' : `${quorum - count} more needed`
}

/** Why a row shows no scores: independent review, or a declared conflict. */
function hiddenScoresText(row: QueueRow): string {
  if (row.viewerState === 'conflict') return 'Not shown: you declared a conflict'
  if (row.viewerState === 'needs-review') return 'Shown once you have reviewed it'
  return 'Not shown: you have not reviewed it'
}

/** In words, for the line above the table. */
const SORT_TEXT: Record<QueueSort, string> = {
  oldest: 'oldest first',
  newest: 'newest first',
  'highest-score': 'highest average score first',
  'lowest-score': 'lowest average score first',
}

/**
 * The sortable column headers' links and aria-sort, as the NHS table pattern has them: the
 * column sorted by says which way; following its link turns it round.
 */
function sortHeaders(filters: QueueFilters) {
  const link = (sort: QueueSort) => `${BASE}${queueQuery({ ...filters, sort })}`
  const bySent = filters.sort === 'oldest' || filters.sort === 'newest'
  const byScore = !bySent
  return {
    sent: {
      href: link(filters.sort === 'oldest' ? 'newest' : 'oldest'),
      sort: bySent ? (filters.sort === 'oldest' ? 'ascending' : 'descending') : true,
    },
    score: {
      href: link(filters.sort === 'highest-score' ? 'lowest-score' : 'highest-score'),
      sort: byScore ? (filters.sort === 'highest-score' ? 'descending' : 'ascending') : true,
    },
  }
}

function isoDateInLondon(date: Date): string {
  return todayInLondon(date)
}

/** The page's table rows and links, ready for the template. */
function queueView(queue: QueuePage, filters: QueueFilters) {
  const firstShown = queue.total === 0 ? 0 : (queue.page - 1) * queue.pageSize + 1
  const statusCounts = APPLICATION_STATUSES.filter((status) => queue.countsByStatus[status] > 0 || status === filters.status).map((status) => ({
    status,
    label: STATUS_LABELS[status],
    count: queue.countsByStatus[status],
    href: `${BASE}${queueQuery({ ...filters, status })}`,
    current: filters.status === status,
  }))
  const allCount = Object.values(queue.countsByStatus).reduce((sum, count) => sum + count, 0)
  return {
    rows: queue.rows.map((row) => ({
      reference: row.reference,
      href: `${BASE}/applications/${encodeURIComponent(row.reference)}`,
      fullName: row.fullName,
      roleTitles: row.roleTitles,
      nhsEmployed: yesNo(row.nhsEmployed) || 'Not known',
      statusLabel: STATUS_LABELS[row.status],
      statusColour: APPLICANT_STATUS_TAG_COLOURS[row.status],
      submittedAt: row.submittedAt,
      daysWaiting: row.daysWaiting,
      reviews: reviewsText(row.reviewCount, queue.quorum),
      quorum: quorumText(row.reviewCount, queue.quorum),
      quorumReached: quorumState(row.reviewCount, queue.quorum).reached,
      // Each role's average, once the viewer may see them; else why not.
      scores: row.outcomes ? row.outcomes.byRole.map((role) => ({ title: role.title, text: role.averageScore === null ? 'No scores yet' : formatAverage(role.averageScore) })) : null,
      scoresHiddenText: row.outcomes ? null : hiddenScoresText(row),
      viewerState: row.viewerState,
      viewerStateText: VIEWER_STATE_TEXT[row.viewerState],
    })),
    statusCounts,
    allStatuses: { count: allCount, href: `${BASE}${queueQuery({ ...filters, status: null })}`, current: filters.status === null },
    firstShown,
    lastShown: firstShown === 0 ? 0 : firstShown + queue.rows.length - 1,
    previousHref: queue.page > 1 ? `${BASE}${queueQuery(filters, queue.page - 1)}` : null,
    nextHref: queue.page < queue.pageCount ? `${BASE}${queueQuery(filters, queue.page + 1)}` : null,
    exportHref: `${BASE}/export.csv${queueQuery(filters)}`,
    sortHeaders: sortHeaders(filters),
    sortText: SORT_TEXT[filters.sort],
    filtered: filters.role !== null || filters.status !== null || filters.nhsEmployed !== null || filters.needsMyReview,
  }
}

const CSV_HEADER = [
  'Reference',
  'Name',
  'Email',
  'Roles (in order of preference)',
  'Status',
  'Employed by the NHS',
  'Career stage',
  'Can give about 2 hours a week',
  'Date sent',
  'Days waiting',
  'Reviews',
  'Average score (1 to 5)',
  'Average score by role',
  'Recommend appoint',
  'Recommend maybe',
  'Recommend do not appoint',
]

/** One line of the export. Never equality data: the queue does not read it. */
function csvLine(row: QueueRow): CsvValue[] {
  return [
    row.reference,
    row.fullName,
    row.email,
    row.roleTitles.join('; '),
    STATUS_LABELS[row.status],
    yesNo(row.nhsEmployed),
    labelFor(CAREER_STAGES, row.careerStage ?? undefined),
    labelFor(HOURS_OPTIONS, row.hoursAvailable ?? undefined),
    isoDateInLondon(row.submittedAt),
    row.daysWaiting,
    row.reviewCount,
    row.outcomes?.averageScore,
    row.outcomes?.byRole.map((role) => `${role.title}: ${role.averageScore === null ? 'no scores' : formatAverage(role.averageScore)}`).join('; '),
    row.outcomes?.appoint,
    row.outcomes?.maybe,
    row.outcomes?.doNotAppoint,
  ]
}

/** The board's review queue (/review) and its CSV export. */
export default function queueRoutes(services: Services): Router {
  const router = Router()
  const staffOnly = requireStaff('board-member', 'community-manager')

  async function filtersFrom(req: Request) {
    const roles = await services.read(queueRoleOptions, {})
    const canReview = req.user!.roles.includes('board-member')
    return { roles, canReview, ...parseQueueQuery(req.query, { roles, canReview }) }
  }

  router.get('/', staffOnly, async (req, res) => {
    const { roles, canReview, filters, page } = await filtersFrom(req)
    const queue = await services.read(reviewQueue, { viewer: viewerOf(req.user!), filters, page })
    res.render('pages/review/queue', {
      title: queue.pageCount > 1 ? `Applications (page ${queue.page} of ${queue.pageCount})` : 'Applications',
      queue,
      filters,
      canReview,
      roleOptions: roles,
      statusOptions: APPLICATION_STATUSES.map((status) => ({ value: status, text: STATUS_LABELS[status] })),
      // The places of the roles the public can see: "1 of 1 place filled".
      rolePlaces: roles.filter((role) => PUBLIC_ROLE_STATUSES.includes(role.status)),
      ...queueView(queue, filters),
    })
  })

  // Streamed: a batch of rows at a time from a cursor (queries/review-export.ts), each written
  // before the next is read, so a long queue takes no more memory than a short one.
  router.get('/export.csv', staffOnly, async (req, res) => {
    const { filters } = await filtersFrom(req)
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="applications-${todayInLondon()}.csv"`,
      'Cache-Control': 'no-store',
    })
    const write = async (text: string) => {
      if (res.destroyed) throw new Error('The download was cancelled')
      if (!res.write(text)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve))
    }
    try {
      await write(CSV_BYTE_ORDER_MARK + csvLines([CSV_HEADER]))
      await services.read(reviewExport, { viewer: viewerOf(req.user!), filters, onBatch: (rows) => write(csvLines(rows.map(csvLine))) })
      res.end()
    } catch (error) {
      // Part of the file has gone: end the response as broken, so the download fails instead of
      // looking complete.
      if (!res.destroyed) req.log.error({ err: error }, 'The CSV export stopped part way')
      res.destroy()
    }
  })

  return router
}
