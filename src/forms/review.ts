// A board member's score sheet and a conflict-of-interest declaration, read from the form.
import type { Criterion } from '../domain/role-definition.ts'
import {
  characterCount,
  COMMENT_MAX_LENGTH,
  CONFLICT_REASON_MAX_LENGTH,
  isRecommendation,
  NOTE_MAX_LENGTH,
  parseScore,
  type ReviewInput,
  type Scores,
} from '../domain/scoring.ts'
import { tidyText } from '../domain/text.ts'
import { asString, type Errors, type Parsed } from './validation.ts'

/** The error summary's link when the sheet sent does not match the application's criteria. */
export const SCORE_SHEET_ID = 'score-sheet'

/** A chosen role as the score sheet needs it. */
export interface ScoreSheetRole {
  /** The application role's id: scores are stored under it. */
  id: string
  preference: number
  title: string
  criteria: readonly Criterion[]
}

/** One criterion's fields. Ids use the role's preference, so they stay short and readable. */
export interface ScoreSheetField {
  role: ScoreSheetRole
  criterion: Criterion
  /** The radios' name and the first radio's id. */
  scoreId: string
  noteId: string
}

export function scoreSheetFields(roles: readonly ScoreSheetRole[]): ScoreSheetField[] {
  return roles.flatMap((role) =>
    role.criteria.map((criterion) => ({
      role,
      criterion,
      scoreId: `score-${role.preference}-${criterion.key}`,
      noteId: `note-${role.preference}-${criterion.key}`,
    })),
  )
}

/** What was typed, kept as text so a page with errors can show it again. */
export interface ReviewFormValues {
  /** By field id (score-1-commitment). */
  scores: Record<string, string>
  /** By field id (note-1-commitment). */
  notes: Record<string, string>
  recommendation: string
  comment: string
}

export const EMPTY_REVIEW: ReviewFormValues = { scores: {}, notes: {}, recommendation: '', comment: '' }

function criterionName(field: ScoreSheetField, roles: readonly ScoreSheetRole[]): string {
  // The same criterion (e.g. the 2 hours a week) appears under several roles: name the role too.
  return roles.length > 1 ? `“${field.criterion.text}” (${field.role.title})` : `“${field.criterion.text}”`
}

/**
 * Reads the score sheet for `roles`: a score from 1 to 5 for every criterion, optional notes,
 * a recommendation and an optional comment. Fields for criteria that are not on the sheet
 * (a tampered or stale form) are an error, not silently dropped.
 */
export function parseReview(body: Record<string, unknown>, roles: readonly ScoreSheetRole[]): Parsed<ReviewFormValues> {
  const fields = scoreSheetFields(roles)
  const values: ReviewFormValues = { scores: {}, notes: {}, recommendation: asString(body.recommendation), comment: tidyText(body.comment) }
  const errors: Errors = {}

  const expected = new Set(fields.flatMap((field) => [field.scoreId, field.noteId]))
  if (Object.keys(body).some((name) => /^(score|note)-/.test(name) && !expected.has(name))) {
    errors[SCORE_SHEET_ID] = 'The scores sent do not match this application’s criteria. Score each criterion below and submit your review again'
  }

  for (const field of fields) {
    const score = asString(body[field.scoreId])
    const note = tidyText(body[field.noteId])
    values.scores[field.scoreId] = score
    values.notes[field.noteId] = note
    const name = criterionName(field, roles)
    if (score === '') errors[field.scoreId] = `Select a score for ${name}`
    else if (parseScore(score) === null) errors[field.scoreId] = `Select a score from 1 to 5 for ${name}`
    if (characterCount(note) > NOTE_MAX_LENGTH) errors[field.noteId] = `Your note on ${name} must be ${NOTE_MAX_LENGTH} characters or fewer`
  }

  if (!isRecommendation(values.recommendation)) errors.recommendation = 'Select a recommendation'
  if (characterCount(values.comment) > COMMENT_MAX_LENGTH) errors.comment = `Your comment must be ${COMMENT_MAX_LENGTH} characters or fewer`
  return { values, errors }
}

/** The review to save, from values that parsed without errors. */
export function reviewInput(values: ReviewFormValues, roles: readonly ScoreSheetRole[]): ReviewInput {
  const scores: Scores = {}
  for (const field of scoreSheetFields(roles)) {
    const score = parseScore(values.scores[field.scoreId] ?? '')
    if (score === null) throw new Error(`No valid score for ${field.scoreId}`)
    scores[field.role.id] ??= {}
    scores[field.role.id]![field.criterion.key] = { score, note: values.notes[field.noteId] || null }
  }
  if (!isRecommendation(values.recommendation)) throw new Error('No valid recommendation')
  return { scores, recommendation: values.recommendation, comment: values.comment || null }
}

/** A saved review as form values, to fill in the sheet when a reviewer comes back to change it. */
export function reviewFormValues(review: { scores: Scores; recommendation: string; comment: string | null }, roles: readonly ScoreSheetRole[]): ReviewFormValues {
  const values: ReviewFormValues = { scores: {}, notes: {}, recommendation: review.recommendation, comment: review.comment ?? '' }
  for (const field of scoreSheetFields(roles)) {
    const entry = review.scores[field.role.id]?.[field.criterion.key]
    values.scores[field.scoreId] = entry ? String(entry.score) : ''
    values.notes[field.noteId] = entry?.note ?? ''
  }
  return values
}

export interface ConflictValues {
  reason: string
}

export function parseConflict(body: Record<string, unknown>): Parsed<ConflictValues> {
  const reason = tidyText(body.reason)
  const errors: Errors = {}
  if (characterCount(reason) > CONFLICT_REASON_MAX_LENGTH) errors.reason = `The reason must be ${CONFLICT_REASON_MAX_LENGTH} characters or fewer`
  return { values: { reason }, errors }
}
