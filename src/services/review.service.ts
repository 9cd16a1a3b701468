import type { DataSource, EntityManager } from 'typeorm'
import { IsNull, Raw } from 'typeorm'
import { IDENTITY_VISIBLE_STATUSES, REVIEWABLE_STATUSES, type ApplicationStatus } from '../domain/application-status.ts'
import type { MatchableRole } from '../domain/matching.ts'
import type { Criterion, RoleQuestion } from '../domain/role-definition.ts'
import {
  characterCount,
  COMMENT_MAX_LENGTH,
  criterionAverages,
  isRecommendation,
  quorumState,
  scoreProblems,
  tallyRecommendations,
  type QuorumState,
  type Recommendation,
  type RoleAverages,
  type Scores,
  type SheetRole,
  type Tally,
} from '../domain/scoring.ts'
import { CONFLICT_REASON_MAX_LENGTH, type ReviewInput } from '../forms/review.ts'
import { Application, ApplicationRole, ConflictOfInterest, Review, Settings, type Role, type StaffUser } from '../entities/index.ts'
import { StaleApplicationError, transition, type VersionedApplication } from './application-status.service.ts'
import { audit, type Actor } from './audit.ts'
import { AppError } from '../domain/errors.ts'

export class ReviewApplicationNotFoundError extends AppError {
  constructor() {
    super('No application with this reference')
  }
}

/** Only board members score applications and declare conflicts of interest. */
export class NotABoardMemberError extends AppError {
  constructor() {
    super('Only board members review applications')
  }
}

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

export type Reviewer = Pick<StaffUser, 'id' | 'roles'>

export interface ApplicantIdentity {
  fullName: string | null
  email: string | null
  phone: string | null
  organisation: string | null
  jobTitle: string | null
}

export interface ReviewedRole {
  /** The application role's id: scores are keyed by it. */
  id: string
  roleId: string
  preference: number
  title: string
  criteria: Criterion[]
  questions: RoleQuestion[]
  answers: Record<string, string | string[]>
  /**
   * The role as matching reads it, as it was when they applied (its slug as it is now: the
   * applicant's interests are the roles they chose by it). For an application made before the
   * hours, NHS preference and skills were kept, the role as it is now, and `keptWhenApplied` is false.
   */
  asApplied: MatchableRole
  keptWhenApplied: boolean
}

export interface ReviewedApplication {
  id: string
  reference: string
  status: ApplicationStatus
  version: number
  submittedAt: Date
  statusChangedAt: Date
  /** Null while blind review hides it from this viewer. */
  identity: ApplicantIdentity | null
  nhsEmployed: boolean | null
  careerStage: string | null
  hoursAvailable: string | null
  motivation: string | null
  skills: string[]
  skillsOther: string | null
  heardAbout: string | null
  /** In order of preference. */
  roles: ReviewedRole[]
}

export interface ReviewRecord {
  id: string
  reviewerId: string
  reviewerName: string
  scores: Scores
  recommendation: Recommendation
  comment: string | null
  submittedAt: Date
  updatedAt: Date
}

export interface ConflictRecord {
  staffName: string
  declaredAt: Date
  reason: string | null
}

/** Why the viewer has no score sheet, or null when they have one. */
export type NoScoreSheetReason = 'not-board-member' | 'recused' | 'closed'

export interface ReviewPage {
  application: ReviewedApplication
  blindReview: boolean
  /** The application still takes scores. */
  reviewsOpen: boolean
  viewer: {
    isBoardMember: boolean
    isCommunityManager: boolean
    /** Their declared conflict of interest: they are recused. */
    conflict: ConflictRecord | null
    ownReview: ReviewRecord | null
    canScore: boolean
    noScoreSheetReason: NoScoreSheetReason | null
    /** Other members' scores: after submitting their own, or always for a community manager; never when recused. */
    canSeeReviews: boolean
    canDeclareConflict: boolean
  }
  /** Counts reviews from reviewers who have not declared a conflict. Shown to everyone. */
  quorum: QuorumState
  /** Declared conflicts of interest: for a community manager (who is not recused) only. */
  conflicts: ConflictRecord[]
  /** The rest is empty unless viewer.canSeeReviews. */
  reviews: ReviewRecord[]
  averages: RoleAverages[]
  tally: Tally | null
}

function staff(user: Reviewer): Actor {
  return { type: 'staff', id: user.id }
}

/** What matching reads of a chosen role: the snapshot taken when they applied, or the role as it is now. */
function asApplied(choice: ApplicationRole, now: Role): Pick<ReviewedRole, 'asApplied' | 'keptWhenApplied'> {
  const { roleHoursPerWeek, roleNhsEmploymentPreferred, roleSkills } = choice
  const kept = roleHoursPerWeek !== null && roleNhsEmploymentPreferred !== null && roleSkills !== null
  const role: MatchableRole = kept
    ? { slug: now.slug, title: choice.roleTitle, hoursPerWeek: roleHoursPerWeek, nhsEmploymentPreferred: roleNhsEmploymentPreferred, skills: roleSkills }
    : { slug: now.slug, title: choice.roleTitle, hoursPerWeek: now.hoursPerWeek, nhsEmploymentPreferred: now.nhsEmploymentPreferred, skills: now.skills }
  return { asApplied: role, keptWhenApplied: kept }
}

function sheetOf(roles: readonly Pick<ApplicationRole, 'id' | 'criteria'>[]): SheetRole[] {
  return roles.map((role) => ({ id: role.id, criteria: role.criteria }))
}

/**
 * The board's view of one application and what a board member does with it: score it against
 * each chosen role's criteria (independently), or declare a conflict of interest and step aside.
 */
export class ReviewService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Everything `viewer` may see of the application with this reference (null if there is none,
   * or it was erased): identity only when blind review allows, other reviews only once the
   * viewer may see them. Read from one snapshot, so the parts agree with each other.
   */
  async pageFor(reference: string, viewer: Reviewer): Promise<ReviewPage | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const application = await manager.findOne(Application, {
        where: { reference, erasedAt: IsNull() },
        // Each role as it is now too: the match breakdown falls back to it for older applications.
        relations: { roles: { role: true } },
        order: { roles: { preference: 'ASC' } },
      })
      if (!application) return null
      const settings = await manager.findOneByOrFail(Settings, { id: 1 })
      const conflicts = await manager.find(ConflictOfInterest, {
        where: { applicationId: application.id },
        relations: { staffUser: true },
        order: { declaredAt: 'ASC' },
      })
      // Only the reviews that count (the counted_reviews view): a recused member's never does.
      const reviews = await manager.find(Review, {
        where: {
          applicationId: application.id,
          id: Raw((id) => `${id} IN (SELECT "id" FROM "counted_reviews" WHERE "application_id" = :applicationId)`, { applicationId: application.id }),
        },
        relations: { reviewer: true },
        order: { submittedAt: 'ASC', id: 'ASC' },
      })

      const counted = reviews.map(toRecord)
      const isBoardMember = viewer.roles.includes('board-member')
      const isCommunityManager = viewer.roles.includes('community-manager')
      const ownConflict = conflicts.find((conflict) => conflict.staffUserId === viewer.id)
      const ownReview = ownConflict ? null : (counted.find((review) => review.reviewerId === viewer.id) ?? null)
      const reviewsOpen = REVIEWABLE_STATUSES.includes(application.status)
      const noScoreSheetReason: NoScoreSheetReason | null = !isBoardMember ? 'not-board-member' : ownConflict ? 'recused' : !reviewsOpen ? 'closed' : null
      const canSeeReviews = !ownConflict && (isCommunityManager || ownReview !== null)
      const roles = (application.roles ?? []).sort((a, b) => a.preference - b.preference)
      const identityHidden = settings.blindReview && !IDENTITY_VISIBLE_STATUSES.includes(application.status) && !isCommunityManager

      return {
        application: {
          id: application.id,
          reference: application.reference,
          status: application.status,
          version: application.version,
          submittedAt: application.submittedAt,
          statusChangedAt: application.statusChangedAt,
          identity: identityHidden
            ? null
            : {
                fullName: application.fullName,
                email: application.email,
                phone: application.phone,
                organisation: application.organisation,
                jobTitle: application.jobTitle,
              },
          nhsEmployed: application.nhsEmployed,
          careerStage: application.careerStage,
          hoursAvailable: application.hoursAvailable,
          motivation: application.motivation,
          skills: application.skills,
          skillsOther: application.skillsOther,
          heardAbout: application.heardAbout,
          roles: roles.map((role) => ({
            id: role.id,
            roleId: role.roleId,
            preference: role.preference,
            title: role.roleTitle,
            criteria: role.criteria,
            questions: role.questions,
            answers: role.answers,
            ...asApplied(role, role.role!),
          })),
        },
        blindReview: settings.blindReview,
        reviewsOpen,
        viewer: {
          isBoardMember,
          isCommunityManager,
          conflict: ownConflict ? toConflictRecord(ownConflict) : null,
          ownReview,
          canScore: noScoreSheetReason === null,
          noScoreSheetReason,
          canSeeReviews,
          canDeclareConflict: isBoardMember && !ownConflict,
        },
        quorum: quorumState(counted.length, settings.quorum),
        conflicts: isCommunityManager && !ownConflict ? conflicts.map(toConflictRecord) : [],
        reviews: canSeeReviews ? counted : [],
        averages: canSeeReviews ? criterionAverages(sheetOf(roles), counted) : [],
        tally: canSeeReviews ? tallyRecommendations(counted) : null,
      }
    })
  }

  /**
   * Saves a board member's review in one transaction: the review (one per member: submitting
   * again replaces it while reviews are open), an audit row, and, for the first review of a
   * submitted application, its move to in_review through the status machine.
   */
  async submitReview(reference: string, reviewer: Reviewer, input: ReviewInput): Promise<{ created: boolean; startedReview: boolean }> {
    if (!reviewer.roles.includes('board-member')) throw new NotABoardMemberError()
    return this.dataSource.transaction(async (manager) => {
      const application = await this.findVersioned(manager, reference)
      if (!application) throw new ReviewApplicationNotFoundError()
      if (await manager.existsBy(ConflictOfInterest, { applicationId: application.id, staffUserId: reviewer.id })) throw new RecusedError()
      if (!REVIEWABLE_STATUSES.includes(application.status)) throw new ReviewsClosedError(application.status)

      // Scored against the snapshot the applicant answered, not the role as it is today.
      const roles = await manager.find(ApplicationRole, { where: { applicationId: application.id }, order: { preference: 'ASC' } })
      const problems = scoreProblems(sheetOf(roles), input.scores)
      if (problems.length > 0 || !isRecommendation(input.recommendation) || characterCount(input.comment ?? '') > COMMENT_MAX_LENGTH) {
        throw new InvalidReviewError(problems)
      }

      const [saved]: { id: string; created: boolean }[] = await manager.query(
        `INSERT INTO reviews (application_id, reviewer_id, scores, recommendation, comment)
         VALUES ($1, $2, $3::jsonb, $4, $5)
         ON CONFLICT (application_id, reviewer_id) DO UPDATE
           SET scores = EXCLUDED.scores, recommendation = EXCLUDED.recommendation, comment = EXCLUDED.comment, updated_at = now()
         RETURNING id, (xmax = 0) AS created`,
        [application.id, reviewer.id, JSON.stringify(input.scores), input.recommendation, input.comment],
      )
      const startedReview = await this.holdReviewableStatus(manager, application, reviewer)
      await audit(manager, staff(reviewer), {
        action: saved!.created ? 'review.submitted' : 'review.updated',
        subjectType: 'application',
        subjectId: application.id,
        note: `recommendation: ${input.recommendation}`,
      })
      return { created: saved!.created, startedReview }
    })
  }

  /**
   * Declares the member's conflict of interest: they are recused from then on, and a review they
   * already submitted is deleted so that it no longer counts. Declaring twice changes nothing.
   */
  async declareConflict(reference: string, member: Reviewer, reason: string | null): Promise<{ declared: boolean; reviewDeleted: boolean }> {
    if (!member.roles.includes('board-member')) throw new NotABoardMemberError()
    if (reason !== null && characterCount(reason) > CONFLICT_REASON_MAX_LENGTH) throw new Error('The reason is too long')
    return this.dataSource.transaction(async (manager) => {
      const application = await this.findVersioned(manager, reference)
      if (!application) throw new ReviewApplicationNotFoundError()
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO conflicts_of_interest (application_id, staff_user_id, reason) VALUES ($1, $2, $3)
         ON CONFLICT (application_id, staff_user_id) DO NOTHING
         RETURNING id`,
        [application.id, member.id, reason || null],
      )
      if (inserted.length === 0) return { declared: false, reviewDeleted: false }
      // For DELETE, TypeORM answers [rows, affected count].
      const [deleted]: [{ id: string }[], number] = await manager.query(`DELETE FROM reviews WHERE application_id = $1 AND reviewer_id = $2 RETURNING id`, [
        application.id,
        member.id,
      ])
      // The reason may name people: it stays on the declaration, never in the audit log.
      await audit(manager, staff(member), {
        action: 'conflict.declared',
        subjectType: 'application',
        subjectId: application.id,
        note: deleted.length > 0 ? 'their review was deleted' : null,
      })
      if (deleted.length > 0) {
        await audit(manager, staff(member), {
          action: 'review.deleted',
          subjectType: 'application',
          subjectId: application.id,
          note: 'conflict of interest declared',
        })
      }
      return { declared: true, reviewDeleted: deleted.length > 0 }
    })
  }

  private async findVersioned(manager: EntityManager, reference: string): Promise<VersionedApplication | null> {
    const rows: VersionedApplication[] = await manager.query(
      `SELECT id, status, version FROM applications WHERE reference = $1 AND erased_at IS NULL`,
      [reference],
    )
    return rows[0] ?? null
  }

  /**
   * Makes sure the application is still open to reviews when the review commits. The first
   * review of a submitted application moves it to in_review (optimistic lock on the version);
   * otherwise the row is share-locked at the version read, so a decision cannot slip in between. If
   * the version moved (another reviewer started the review at the same moment), read it again,
   * once. Returns whether this review started the review.
   */
  private async holdReviewableStatus(manager: EntityManager, application: VersionedApplication, reviewer: Reviewer): Promise<boolean> {
    let current = application
    for (let attempt = 0; ; attempt += 1) {
      try {
        if (current.status === 'submitted') {
          await transition(manager, current, 'first_review', staff(reviewer))
          return true
        }
        // FOR SHARE: reviewers do not wait for each other, a status change waits for us. (Not FOR
        // UPDATE: that conflicts with the key-share lock each review's foreign key holds, and two
        // reviewers would deadlock.)
        const locked: unknown[] = await manager.query(`SELECT id FROM applications WHERE id = $1 AND version = $2 FOR SHARE`, [current.id, current.version])
        if (locked.length === 1) return false
        throw new StaleApplicationError()
      } catch (error) {
        if (!(error instanceof StaleApplicationError) || attempt >= 1) throw error
        const [fresh]: VersionedApplication[] = await manager.query(`SELECT id, status, version FROM applications WHERE id = $1`, [current.id])
        if (!fresh || !REVIEWABLE_STATUSES.includes(fresh.status)) throw new ReviewsClosedError(fresh?.status ?? current.status)
        current = fresh
      }
    }
  }
}

function toRecord(review: Review): ReviewRecord {
  return {
    id: review.id,
    reviewerId: review.reviewerId,
    reviewerName: review.reviewer?.name ?? 'A former board member',
    scores: review.scores,
    recommendation: review.recommendation,
    comment: review.comment,
    submittedAt: review.submittedAt,
    updatedAt: review.updatedAt,
  }
}

function toConflictRecord(conflict: ConflictOfInterest): ConflictRecord {
  return { staffName: conflict.staffUser?.name ?? 'A former board member', declaredAt: conflict.declaredAt, reason: conflict.reason }
}
