// The arithmetic of board reviews: what a valid score sheet is, per-criterion averages, the
// recommendation tally and the quorum. Pure: no I/O, so it is tested on its own.
import type { Criterion } from './role-definition.ts'

export const SCORE_MIN = 1
export const SCORE_MAX = 5
export const SCORE_VALUES = [1, 2, 3, 4, 5] as const

/** What the ends of the scale mean, shown beside every score. */
export const SCORE_LEGEND = { 1: 'little or no evidence', 5: 'strong evidence' } as const

export const NOTE_MAX_LENGTH = 500
export const COMMENT_MAX_LENGTH = 2000
/** A conflict-of-interest declaration's reason. */
export const CONFLICT_REASON_MAX_LENGTH = 500

export const RECOMMENDATIONS = ['appoint', 'maybe', 'do-not-appoint'] as const
export type Recommendation = (typeof RECOMMENDATIONS)[number]

export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  appoint: 'Appoint',
  maybe: 'Maybe',
  'do-not-appoint': 'Do not appoint',
}

/** Scores by application role id, then by criterion key (the shape stored on a review). */
export type Scores = Record<string, Record<string, { score: number; note: string | null }>>

/** A board member's checked score sheet, ready to record. */
export interface ReviewInput {
  scores: Scores
  recommendation: Recommendation
  comment: string | null
}

/** One chosen role's part of the score sheet: its id on the application and its snapshot criteria. */
export interface SheetRole {
  id: string
  criteria: readonly Criterion[]
}

export interface ScoredReview {
  scores: Scores
  recommendation: string
}

export function isRecommendation(value: unknown): value is Recommendation {
  return typeof value === 'string' && (RECOMMENDATIONS as readonly string[]).includes(value)
}

/** A whole number from 1 to 5. */
export function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= SCORE_MIN && value <= SCORE_MAX
}

/** A score as a form sends it ("3"), or null for anything else ("", "0", "6", "3.5", "03"). */
export function parseScore(raw: string): number | null {
  return /^[1-5]$/.test(raw) ? Number(raw) : null
}

/** Characters as people count them (code points, so an emoji is one). */
export function characterCount(text: string): number {
  return [...text].length
}

/**
 * The same criterion on two roles' sheets ("Can give about 2 hours a week"): the same words, give
 * or take case, spacing and a closing full stop. Keys are made per role, so they cannot tell.
 */
export function sameCriterion(a: Pick<Criterion, 'text'>, b: Pick<Criterion, 'text'>): boolean {
  const words = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/\.$/, '')
  return words(a.text) === words(b.text)
}

/** One thing a reviewer scores: a criterion, on every role of the sheet that has it. */
export interface SheetEntry {
  /** In sheet order; the first names the entry. One score and note is stored under each. */
  targets: { roleId: string; criterion: Criterion }[]
}

/**
 * What the reviewer scores, in sheet order: a criterion the roles share is one entry, scored once,
 * and that one score counts for each of them.
 */
export function sheetEntries(sheet: readonly SheetRole[]): SheetEntry[] {
  const entries: SheetEntry[] = []
  for (const role of sheet) {
    for (const criterion of role.criteria) {
      const shared = entries.find((entry) => sameCriterion(entry.targets[0]!.criterion, criterion) && !entry.targets.some((target) => target.roleId === role.id))
      if (shared) shared.targets.push({ roleId: role.id, criterion })
      else entries.push({ targets: [{ roleId: role.id, criterion }] })
    }
  }
  return entries
}

export interface ScoreProblem {
  roleId: string
  criterionKey: string
  /** 'differs': a shared criterion scored (or noted) differently for one of its roles. */
  problem: 'missing' | 'out-of-range' | 'note-too-long' | 'unexpected' | 'differs'
}

function entryOf(scores: Scores, roleId: string, criterionKey: string): { score: number; note: string | null } | undefined {
  const given = Object.hasOwn(scores, roleId) ? scores[roleId]! : {}
  return Object.hasOwn(given, criterionKey) ? given[criterionKey] : undefined
}

/**
 * Everything wrong with `scores` against the sheet: criteria with no score, scores outside 1–5,
 * notes over the limit, entries for roles or criteria that are not on the sheet, and a criterion
 * the roles share that was not given the same score and note for each.
 */
export function scoreProblems(sheet: readonly SheetRole[], scores: Scores): ScoreProblem[] {
  const problems: ScoreProblem[] = []
  for (const role of sheet) {
    const given = Object.hasOwn(scores, role.id) ? scores[role.id]! : {}
    for (const criterion of role.criteria) {
      const entry = Object.hasOwn(given, criterion.key) ? given[criterion.key] : undefined
      if (entry === undefined || entry === null || entry.score === undefined || entry.score === null) {
        problems.push({ roleId: role.id, criterionKey: criterion.key, problem: 'missing' })
        continue
      }
      if (!isScore(entry.score)) problems.push({ roleId: role.id, criterionKey: criterion.key, problem: 'out-of-range' })
      if (entry.note !== null && entry.note !== undefined && (typeof entry.note !== 'string' || characterCount(entry.note) > NOTE_MAX_LENGTH)) {
        problems.push({ roleId: role.id, criterionKey: criterion.key, problem: 'note-too-long' })
      }
    }
    for (const key of Object.keys(given)) {
      if (!role.criteria.some((criterion) => criterion.key === key)) problems.push({ roleId: role.id, criterionKey: key, problem: 'unexpected' })
    }
  }
  for (const [roleId, given] of Object.entries(scores)) {
    if (sheet.some((role) => role.id === roleId)) continue
    for (const key of Object.keys(given)) problems.push({ roleId, criterionKey: key, problem: 'unexpected' })
    if (Object.keys(given).length === 0) problems.push({ roleId, criterionKey: '', problem: 'unexpected' })
  }
  for (const { targets } of sheetEntries(sheet)) {
    const [first, ...others] = targets
    const once = entryOf(scores, first!.roleId, first!.criterion.key)
    for (const target of others) {
      const again = entryOf(scores, target.roleId, target.criterion.key)
      if (once && again && (once.score !== again.score || (once.note ?? null) !== (again.note ?? null))) {
        problems.push({ roleId: target.roleId, criterionKey: target.criterion.key, problem: 'differs' })
      }
    }
  }
  return problems
}

/** The sheet's criteria that `scores` has no valid score for, in sheet order. */
export function missingCriteria(sheet: readonly SheetRole[], scores: Scores): { roleId: string; criterionKey: string }[] {
  return sheet.flatMap((role) =>
    role.criteria
      .filter((criterion) => !isScore(scores[role.id]?.[criterion.key]?.score))
      .map((criterion) => ({ roleId: role.id, criterionKey: criterion.key })),
  )
}

/** The mean to one decimal place (halves round up), or null when there is nothing to average. */
export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sum = values.reduce((total, value) => total + value, 0)
  // Integer arithmetic first, so 2.35 does not become 2.3 through binary fractions.
  return Math.round((sum * 10) / values.length) / 10
}

/** "3.5", "4.0"; "No scores" when there are none. */
export function formatAverage(value: number | null): string {
  return value === null ? 'No scores' : value.toFixed(1)
}

export interface CriterionAverage {
  criterion: Criterion
  average: number | null
  /** How many reviews scored it. */
  count: number
}

export interface RoleAverages {
  roleId: string
  criteria: CriterionAverage[]
}

/** Each criterion's average score and count over the reviews, per role; invalid scores are ignored. */
export function criterionAverages(sheet: readonly SheetRole[], reviews: readonly Pick<ScoredReview, 'scores'>[]): RoleAverages[] {
  return sheet.map((role) => ({
    roleId: role.id,
    criteria: role.criteria.map((criterion) => {
      const values = reviews.map((review) => review.scores[role.id]?.[criterion.key]?.score).filter(isScore)
      return { criterion, average: average(values), count: values.length }
    }),
  }))
}

export type Tally = Record<Recommendation, number>

export function tallyRecommendations(reviews: readonly Pick<ScoredReview, 'recommendation'>[]): Tally {
  const tally: Tally = { appoint: 0, maybe: 0, 'do-not-appoint': 0 }
  for (const review of reviews) if (isRecommendation(review.recommendation)) tally[review.recommendation] += 1
  return tally
}

export interface QuorumState {
  /** Reviews that count: from reviewers who have not declared a conflict. */
  reviews: number
  quorum: number
  reached: boolean
  /** "1 review so far, 2 needed", or "2 reviews, enough for a decision". */
  summary: string
}

export function quorumState(reviews: number, quorum: number): QuorumState {
  const counted = `${reviews} ${reviews === 1 ? 'review' : 'reviews'}`
  const reached = reviews >= quorum
  return {
    reviews,
    quorum,
    reached,
    summary: reached ? `${counted}, enough for a decision` : `${counted} so far, ${quorum} needed`,
  }
}
