import type { EntityManager } from 'typeorm'
import { APPLICATION_STATUSES, isOpen, REVIEWABLE_STATUSES, type ApplicationStatus } from '../domain/application-status.ts'
import type { StaffRole } from '../domain/staff-roles.ts'
import { everyRolePlaces, type RolePlacesLine } from './role-places.ts'
import { queuePageStatement } from './review-queue-sql.ts'
import { queryPrepared } from '../db/prepared.ts'

export const QUEUE_PAGE_SIZE = 25

export interface QueueViewer {
  id: string
  roles: readonly StaffRole[]
}

/** Oldest or newest first; or by average score (of the role filtered by, else of the application's best role). */
export const QUEUE_SORTS = ['oldest', 'newest', 'highest-score', 'lowest-score'] as const
export type QueueSort = (typeof QUEUE_SORTS)[number]

export interface QueueFilters {
  /** A role (its slug is for links, its id for the statements). */
  role: { slug: string; id: string } | null
  status: ApplicationStatus | null
  nhsEmployed: boolean | null
  /** Open for review, and the viewer has neither reviewed it nor declared a conflict. */
  needsMyReview: boolean
  sort: QueueSort
}

export const NO_FILTERS: QueueFilters = { role: null, status: null, nhsEmployed: null, needsMyReview: false, sort: 'oldest' }

export type ViewerReviewState = 'reviewed' | 'conflict' | 'needs-review' | 'not-needed'

export interface QueueRow {
  id: string
  reference: string
  status: ApplicationStatus
  nhsEmployed: boolean | null
  careerStage: string | null
  hoursAvailable: string | null
  submittedAt: Date
  /** Whole days since it was sent, while it is open; null once it is settled. */
  daysWaiting: number | null
  /** In order of preference. */
  roleTitles: string[]
  reviewCount: number
  /** False under blind review: then fullName and email are null (the database never sent them). */
  identityVisible: boolean
  fullName: string | null
  email: string | null
  viewerState: ViewerReviewState
  /** Other members' recommendations and scores; null while the viewer may not see them. */
  outcomes: ReviewOutcomes | null
}

export interface ReviewOutcomes {
  /** Mean of every criterion score in every review, 1 to 5, to one decimal place. */
  averageScore: number | null
  /** Each chosen role's mean score (its criteria in every review), in order of preference. */
  byRole: { title: string; averageScore: number | null }[]
  appoint: number
  maybe: number
  doNotAppoint: number
}

export interface QueuePage {
  rows: QueueRow[]
  /** For the current filters other than status. */
  countsByStatus: Record<ApplicationStatus, number>
  /** Matching every filter. */
  total: number
  /** 1-based; a page past the end is the last page. */
  page: number
  pageCount: number
  pageSize: number
  quorum: number
  blindReview: boolean
}

/** A role for the role filter, with its places for the list of places filled. */
export type QueueRoleOption = RolePlacesLine

/** A row as the statements give it: as columns (the export's cursor), or as JSON (the page). */
export interface QueueRecord {
  id: string
  reference: string
  status: ApplicationStatus
  nhs_employed: boolean | null
  career_stage: string | null
  hours_available: string | null
  /** A Date from a column, ISO text from JSON. */
  submitted_at: Date | string
  identity_visible: boolean
  full_name: string | null
  email: string | null
  roles: { title: string; average: string | number | null }[] | null
  review_count: number
  appoint: number
  maybe: number
  do_not_appoint: number
  average_score: string | number | null
  reviewed_by_viewer: boolean
  conflict_declared: boolean
  sees_outcomes: boolean
}

const DAY_MS = 24 * 60 * 60 * 1000

const isBoardMember = (viewer: QueueViewer) => viewer.roles.includes('board-member')

export interface QueueParams {
  viewer: QueueViewer
  filters: QueueFilters
  /** As asked for; a page past the end is the last page. */
  page: number
  now?: Date
}

/** Every role applications may name, for the role filter, with its places (one statement). */
export function queueRoleOptions(db: EntityManager): Promise<QueueRoleOption[]> {
  return everyRolePlaces(db)
}

/**
 * The board's review queue: a page of applications with their roles, review counts and the
 * viewer's own part in each (the same rows make the CSV export, review-export.ts). A page is
 * one statement (review-queue-sql.ts: the settings, the counts and the rows), whatever the
 * number of applications; the routes read the roles for the filters first.
 */
export async function reviewQueue(db: EntityManager, { viewer, filters, page: requestedPage, now = new Date() }: QueueParams): Promise<QueuePage> {
  const requested = Math.max(1, Math.floor(requestedPage) || 1)
  const { sql, values } = queuePageStatement(viewer, filters, { size: QUEUE_PAGE_SIZE, requestedOffset: (requested - 1) * QUEUE_PAGE_SIZE })
  // Prepared: planning the statement cost twice what running it did (db/prepared.ts).
  const [first] = await queryPrepared<{ quorum: number; blind_review: boolean; counts: { status: ApplicationStatus; count: number }[]; rows: QueueRecord[] }>(db, sql, values)
  if (!first) throw new Error('The settings row is missing: run the seed (npm run seed)')
  const countsByStatus = Object.fromEntries(APPLICATION_STATUSES.map((status) => [status, 0])) as Record<ApplicationStatus, number>
  for (const { status, count } of first.counts) countsByStatus[status] = count
  const total = filters.status ? countsByStatus[filters.status] : Object.values(countsByStatus).reduce((sum, count) => sum + count, 0)
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE))
  const page = Math.min(requested, pageCount)
  const rows = first.rows.map((record) => toRow(record, viewer, now))
  return { rows, countsByStatus, total, page, pageCount, pageSize: QUEUE_PAGE_SIZE, quorum: first.quorum, blindReview: first.blind_review }
}

const averageOf = (value: string | number | null) => (value === null ? null : Number(value))

export function toRow(record: QueueRecord, viewer: QueueViewer, now: Date): QueueRow {
  const submittedAt = new Date(record.submitted_at)
  let viewerState: ViewerReviewState = 'not-needed'
  if (record.reviewed_by_viewer) viewerState = 'reviewed'
  else if (record.conflict_declared) viewerState = 'conflict'
  else if (isBoardMember(viewer) && REVIEWABLE_STATUSES.includes(record.status)) viewerState = 'needs-review'
  const roles = record.roles ?? []
  return {
    id: record.id,
    reference: record.reference,
    status: record.status,
    nhsEmployed: record.nhs_employed,
    careerStage: record.career_stage,
    hoursAvailable: record.hours_available,
    submittedAt,
    daysWaiting: isOpen(record.status) ? Math.max(0, Math.floor((now.getTime() - submittedAt.getTime()) / DAY_MS)) : null,
    roleTitles: roles.map((role) => role.title),
    reviewCount: record.review_count,
    identityVisible: record.identity_visible,
    fullName: record.identity_visible ? record.full_name : null,
    email: record.identity_visible ? record.email : null,
    viewerState,
    outcomes: record.sees_outcomes
      ? {
          averageScore: averageOf(record.average_score),
          byRole: roles.map((role) => ({ title: role.title, averageScore: averageOf(role.average) })),
          appoint: record.appoint,
          maybe: record.maybe,
          doNotAppoint: record.do_not_appoint,
        }
      : null,
  }
}
