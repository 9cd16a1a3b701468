import { REVIEWABLE_STATUSES, type ApplicationStatus } from '../../domain/application-status.ts'
import { AppError } from '../../domain/errors.ts'
import { characterCount, COMMENT_MAX_LENGTH, isRecommendation, scoreProblems, type ReviewInput } from '../../domain/scoring.ts'
import { ApplicationRole, ConflictOfInterest } from '../../entities/index.ts'
import { sheetOf, type Reviewer } from '../../queries/review-page.ts'
import { StaleApplicationError, type VersionedApplication } from '../../services/application-status.service.ts'
import type { Action, Actor, Tx } from '../tx.ts'
import { applicationToReview, requireBoardMember } from './board-member.ts'

/** The reviewer declared a conflict of interest in this application. */
export class RecusedError extends AppError {
  constructor() {
    super('The reviewer declared a conflict of interest in this application')
  }
}

/** The application has moved on (or closed): scores are no longer taken. */
export class ReviewsClosedError extends AppError {
  constructor(readonly status: ApplicationStatus) {
    super(`An application with status ${status} takes no more reviews`)
  }
}

/** The review does not fit the application's score sheet (the form parser should have caught it). */
export class InvalidReviewError extends AppError {
  constructor(readonly problems: unknown[]) {
    super('The review does not match the score sheet')
  }
}

export interface RecordReview {
  reference: string
  /** The board member reviewing (the actor). */
  member: Reviewer
  review: ReviewInput
}

/**
 * Saves a board member's review in one transaction: the review (one per member: submitting
 * again replaces it while reviews are open), an audit row, and, for the first review of a
 * submitted application, its move to in_review through the status machine. Members score
 * independently: what others scored is no part of it.
 */
export const recordReview: Action<RecordReview, { created: boolean; startedReview: boolean }> = async (tx, { reference, member, review }, actor) => {
  requireBoardMember(member)
  const application = await applicationToReview(tx, reference)
  if (await tx.manager.existsBy(ConflictOfInterest, { applicationId: application.id, staffUserId: member.id })) throw new RecusedError()
  if (!REVIEWABLE_STATUSES.includes(application.status)) throw new ReviewsClosedError(application.status)

  // Scored against the snapshot the applicant answered, not the role as it is today.
  const roles = await tx.manager.find(ApplicationRole, { where: { applicationId: application.id }, order: { preference: 'ASC' } })
  const problems = scoreProblems(sheetOf(roles), review.scores)
  if (problems.length > 0 || !isRecommendation(review.recommendation) || characterCount(review.comment ?? '') > COMMENT_MAX_LENGTH) {
    throw new InvalidReviewError(problems)
  }

  const [saved]: { id: string; created: boolean }[] = await tx.manager.query(
    `INSERT INTO reviews (application_id, reviewer_id, scores, recommendation, comment)
     VALUES ($1, $2, $3::jsonb, $4, $5)
     ON CONFLICT (application_id, reviewer_id) DO UPDATE
       SET scores = EXCLUDED.scores, recommendation = EXCLUDED.recommendation, comment = EXCLUDED.comment, updated_at = now()
     RETURNING id, (xmax = 0) AS created`,
    [application.id, member.id, JSON.stringify(review.scores), review.recommendation, review.comment],
  )
  const startedReview = await holdReviewableStatus(tx, application, actor)
  await tx.audit(actor, {
    action: saved!.created ? 'review.submitted' : 'review.updated',
    subjectType: 'application',
    subjectId: application.id,
    note: `recommendation: ${review.recommendation}`,
  })
  return { created: saved!.created, startedReview }
}

/**
 * Makes sure the application is still open to reviews when the review commits. The first
 * review of a submitted application moves it to in_review (optimistic lock on the version);
 * otherwise the row is share-locked at the version read, so a decision cannot slip in between. If
 * the version moved (another reviewer started the review at the same moment), read it again,
 * once. Returns whether this review started the review.
 */
async function holdReviewableStatus(tx: Tx, application: VersionedApplication, actor: Actor): Promise<boolean> {
  let current = application
  for (let attempt = 0; ; attempt += 1) {
    try {
      if (current.status === 'submitted') {
        await tx.transition(current, 'first_review', actor)
        return true
      }
      // FOR SHARE: reviewers do not wait for each other, a status change waits for us. (Not FOR
      // UPDATE: that conflicts with the key-share lock each review's foreign key holds, and two
      // reviewers would deadlock.)
      const locked: unknown[] = await tx.manager.query(`SELECT id FROM applications WHERE id = $1 AND version = $2 FOR SHARE`, [current.id, current.version])
      if (locked.length === 1) return false
      throw new StaleApplicationError()
    } catch (error) {
      if (!(error instanceof StaleApplicationError) || attempt >= 1) throw error
      const [fresh]: VersionedApplication[] = await tx.manager.query(`SELECT id, status, version FROM applications WHERE id = $1`, [current.id])
      if (!fresh || !REVIEWABLE_STATUSES.includes(fresh.status)) throw new ReviewsClosedError(fresh?.status ?? current.status)
      current = fresh
    }
  }
}
