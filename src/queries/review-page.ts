import type { EntityManager } from 'typeorm'
import { IsNull, Raw } from 'typeorm'
import { IDENTITY_VISIBLE_STATUSES, REVIEWABLE_STATUSES, type ApplicationStatus } from '../domain/application-status.ts'
import type { SummaryIdentity } from '../domain/answer-summary.ts'
import type { MatchableRole } from '../domain/matching.ts'
import type { Criterion, RoleQuestion } from '../domain/role-definition.ts'
import {
  criterionAverages,
  quorumState,
  tallyRecommendations,
  type QuorumState,
  type Recommendation,
  type RoleAverages,
  type Scores,
  type SheetRole,
  type Tally,
} from '../domain/scoring.ts'
import { Application, ConflictOfInterest, Review, Settings, type ApplicationRole, type Role, type StaffUser } from '../entities/index.ts'

/** A board member or community manager, as the board's pages and actions know them. */
export type Reviewer = Pick<StaffUser, 'id' | 'roles'>

/** Who applied: blind review hides all of it (the verified NHS email's domain too: it can name the employer). */
export type ApplicantIdentity = SummaryIdentity

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
  /** Whether they verified an NHS email address with a code: a preference, never a gate. */
  nhsEmailVerified: boolean
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

/** What matching reads of a chosen role: the snapshot taken when they applied, or the role as it is now. */
function asApplied(choice: ApplicationRole, now: Role): Pick<ReviewedRole, 'asApplied' | 'keptWhenApplied'> {
  const { roleHoursPerWeek, roleNhsEmploymentPreferred, roleSkills } = choice
  const kept = roleHoursPerWeek !== null && roleNhsEmploymentPreferred !== null && roleSkills !== null
  const role: MatchableRole = kept
    ? { slug: now.slug, title: choice.roleTitle, hoursPerWeek: roleHoursPerWeek, nhsEmploymentPreferred: roleNhsEmploymentPreferred, skills: roleSkills }
    : { slug: now.slug, title: choice.roleTitle, hoursPerWeek: now.hoursPerWeek, nhsEmploymentPreferred: now.nhsEmploymentPreferred, skills: now.skills }
  return { asApplied: role, keptWhenApplied: kept }
}

/** The score sheet of an application's chosen roles: what each review is scored against. */
export function sheetOf(roles: readonly Pick<ApplicationRole, 'id' | 'criteria'>[]): SheetRole[] {
  return roles.map((role) => ({ id: role.id, criteria: role.criteria }))
}

/**
 * Everything `viewer` may see of the application with this reference (null if there is none,
 * or it was erased): identity only when blind review allows, other reviews only once the
 * viewer may see them. Read from one snapshot, so the parts agree with each other.
 */
export async function reviewPage(db: EntityManager, { reference, viewer }: { reference: string; viewer: Reviewer }): Promise<ReviewPage | null> {
  return db.transaction('REPEATABLE READ', async (manager) => {
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
              nhsEmailDomain: application.nhsEmailVerifiedDomain,
            },
        nhsEmployed: application.nhsEmployed,
        nhsEmailVerified: application.nhsEmailVerifiedDomain !== null,
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
