// A board member's score sheet and a conflict-of-interest declaration, read from the form.
import type { Criterion } from '../domain/role-definition.ts'
import {
  characterCount,
  sheetEntries,
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

/**
 * One criterion's fields. A criterion the roles share is one field, under the first of them: its
 * one score counts for each (`targets`). Ids use the role's preference, so they stay short and readable.
 */
export interface ScoreSheetField {
  /** The first role with this criterion: the field is named after it. */
  role: ScoreSheetRole
  criterion: Criterion
  /** Every role the score counts for, with the criterion as that role has it (its key, its kind). */
  targets: { role: ScoreSheetRole; criterion: Criterion }[]
  /** The radios' name and the first radio's id. */
  scoreId: string
  noteId: string
}

export function scoreSheetFields(roles: readonly ScoreSheetRole[]): ScoreSheetField[] {
  return sheetEntries(roles).map(({ targets }) => {
    const chosen = targets.map((target) => ({ role: roles.find((role) => role.id === target.roleId)!, criterion: target.criterion }))
    const { role, criterion } = chosen[0]!
    return { role, criterion, targets: chosen, scoreId: `score-${role.preference}-${criterion.key}`, noteId: `note-${role.preference}-${criterion.key}` }
  })
}

/** The score sheet's parts: the criteria the roles share (scored once, for all of them), then each role's own. */
export interface ScoreSheetSection {
  /** The roles its scores count for: several for shared criteria. */
  roles: ScoreSheetRole[]
  fields: ScoreSheetField[]
}

export function scoreSheetSections(roles: readonly ScoreSheetRole[]): ScoreSheetSection[] {
  const sections: ScoreSheetSection[] = []
  const fields = scoreSheetFields(roles)
  const sectionFor = (targets: ScoreSheetRole[]) => {
    const ids = targets.map((role) => role.id).join(' ')
    let section = sections.find((candidate) => candidate.roles.map((role) => role.id).join(' ') === ids)
    if (!section) sections.push((section = { roles: targets, fields: [] }))
    return section
  }
  for (const field of fields.filter((candidate) => candidate.targets.length > 1)) sectionFor(field.targets.map((target) => target.role)).fields.push(field)
  // Every role has its own part, even with nothing left to score in it (the template says so).
  for (const role of roles) sectionFor([role]).fields.push(...fields.filter((field) => field.targets.length === 1 && field.role === role))
  return sections
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
  // With several roles, a criterion only one of them has is named with its role; a shared one is on the sheet once.
  return roles.length > 1 && field.targets.length === 1 ? `“${field.criterion.text}” (${field.role.title})` : `“${field.criterion.text}”`
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
    for (const target of field.targets) {
      scores[target.role.id] ??= {}
      scores[target.role.id]![target.criterion.key] = { score, note: values.notes[field.noteId] || null }
    }
  }
  if (!isRecommendation(values.recommendation)) throw new Error('No valid recommendation')
  return { scores, recommendation: values.recommendation, comment: values.comment || null }
}

/** A saved review as form values, to fill in the sheet when a reviewer comes back to change it. */
export function reviewFormValues(review: { scores: Scores; recommendation: string; comment: string | null }, roles: readonly ScoreSheetRole[]): ReviewFormValues {
  const values: ReviewFormValues = { scores: {}, notes: {}, recommendation: review.recommendation, comment: review.comment ?? '' }
  for (const field of scoreSheetFields(roles)) {
    // A review from before shared criteria were scored once may hold a score under each role: the first one's shows.
    const entry = field.targets.map((target) => review.scores[target.role.id]?.[target.criterion.key]).find(Boolean)
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
