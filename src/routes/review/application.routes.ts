import { Router, type Request, type Response } from 'express'
import { CLOSED_STATUSES, STATUS_LABELS, type ApplicationStatus } from '../../domain/application-status.ts'
import { APPLICANT_STATUS_TAG_COLOURS } from '../../domain/applicant-next-steps.ts'
import { matchRoles, type RoleMatch } from '../../domain/matching.ts'
import { normaliseReference } from '../../domain/reference.ts'
import { COMMENT_MAX_LENGTH, CONFLICT_REASON_MAX_LENGTH, formatAverage, NOTE_MAX_LENGTH, RECOMMENDATION_LABELS, RECOMMENDATIONS, SCORE_LEGEND, SCORE_VALUES } from '../../domain/scoring.ts'
import { answerSummary, summaryOfStoredAnswers } from '../../domain/answer-summary.ts'
import { profileFromApplication } from '../../forms/match.ts'
import {
  EMPTY_REVIEW,
  parseConflict,
  parseReview,
  reviewFormValues,
  reviewInput,
  SCORE_SHEET_ID,
  scoreSheetSections,
  type ConflictValues,
  type ReviewFormValues,
  type ScoreSheetRole,
} from '../../forms/review.ts'
import { asString, errorList, type Errors } from '../../forms/validation.ts'
import { HttpError } from '../../middleware/errorHandler.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { StaleApplicationError } from '../../services/application-status.service.ts'
import type { Services } from '../../services/index.ts'
import { NotABoardMemberError, ReviewApplicationNotFoundError } from '../../actions/review/board-member.ts'
import { declareConflict } from '../../actions/review/declare-conflict.ts'
import { recordReview, RecusedError, ReviewsClosedError } from '../../actions/review/record-review.ts'
import type { Actor } from '../../actions/tx.ts'
import { reviewPage, type ReviewPage } from '../../queries/review-page.ts'

/** The application page, relative to /review. */
const PAGE = '/applications/:reference'

const RECUSED_MESSAGE = 'You declared a conflict of interest in this application, so you cannot review it.'
const NOT_A_BOARD_MEMBER_MESSAGE = 'Only board members review applications and declare conflicts of interest.'

export function applicationUrl(reference: string): string {
  return `/review/applications/${reference}`
}

function staffActor(req: Request): Actor {
  return { type: 'staff', id: req.user!.id }
}

/** Why a review was not taken: the application has closed, or moved past review. */
export function reviewsClosedMessage(status: ApplicationStatus): string {
  const label = STATUS_LABELS[status]
  return CLOSED_STATUSES.includes(status)
    ? `This application is closed (${label}), so it takes no more reviews.`
    : `This application has moved on from review (${label}), so it takes no more reviews.`
}

/** How the applicant's answers fit one role they chose (domain/matching.ts), in their order of preference. */
interface ChosenRoleMatch {
  title: string
  preference: number
  /** False when the application predates the snapshot, and the match is against the role as it is now. */
  keptWhenApplied: boolean
  match: RoleMatch
}

type LoadedPage = ReviewPage & { matches: ChosenRoleMatch[] }

function sheetRolesOf(page: ReviewPage): ScoreSheetRole[] {
  return page.application.roles.map((role) => ({ id: role.id, preference: role.preference, title: role.title, criteria: role.criteria }))
}

interface PageOptions {
  values?: ReviewFormValues
  errors?: Errors
  /** A review that could not be saved, and why. */
  problem?: string | null
  status?: number
  /** Show where to record a decision (views/partials/review/decision.ejs): community managers, on the page itself. */
  decision?: boolean
}

/**
 * The board's page for one application. Locals a partial can rely on (the decision partial
 * included): application (with version and status), statusLabel, viewer, quorum, tally (null
 * unless the viewer may see reviews), reviews, averages, reviewsOpen, blindReview, decision.
 */
function renderPage(res: Response, page: LoadedPage, options: PageOptions = {}) {
  const { application, viewer } = page
  const roles = sheetRolesOf(page)
  const errors = options.errors ?? {}
  const values = options.values ?? (viewer.ownReview && viewer.canScore ? reviewFormValues(viewer.ownReview, roles) : EMPTY_REVIEW)
  res.status(options.status ?? 200).render('pages/review/application', {
    title: `Application ${application.reference}`,
    backLink: { href: '/review', text: 'Back to applications' },
    application,
    statusLabel: STATUS_LABELS[application.status],
    statusColour: APPLICANT_STATUS_TAG_COLOURS[application.status],
    answerSections: answerSummary(summaryOfStoredAnswers(application), 'reviewer'),
    blindReview: page.blindReview,
    reviewsOpen: page.reviewsOpen,
    reviewsClosedMessage: page.reviewsOpen ? null : reviewsClosedMessage(application.status),
    viewer,
    quorum: page.quorum,
    reviews: page.reviews,
    conflicts: page.conflicts,
    averages: page.averages,
    tally: page.tally,
    sheetSections: scoreSheetSections(roles),
    scoreSheetId: SCORE_SHEET_ID,
    scoreValues: SCORE_VALUES,
    scoreLegend: SCORE_LEGEND,
    recommendations: RECOMMENDATIONS.map((value) => ({ value, text: RECOMMENDATION_LABELS[value] })),
    recommendationLabels: RECOMMENDATION_LABELS,
    noteMaxLength: NOTE_MAX_LENGTH,
    commentMaxLength: COMMENT_MAX_LENGTH,
    formatAverage,
    values,
    errors,
    errorList: errorList(errors),
    problem: options.problem ?? null,
    formAction: `${applicationUrl(application.reference)}/review`,
    conflictUrl: `${applicationUrl(application.reference)}/conflict`,
    matches: page.matches,
    decision: options.decision ?? false,
  })
}

function renderConflict(res: Response, page: ReviewPage, values: ConflictValues, errors: Errors, status = 200) {
  const reference = page.application.reference
  res.status(status).render('pages/review/conflict', {
    title: 'Declare a conflict of interest',
    backLink: { href: applicationUrl(reference), text: 'Back to the application' },
    application: page.application,
    hasReview: page.viewer.ownReview !== null,
    values,
    errors,
    errorList: errorList(errors),
    reasonMaxLength: CONFLICT_REASON_MAX_LENGTH,
    formAction: `${applicationUrl(reference)}/conflict`,
  })
}

/**
 * One application as the board sees it: the answers, the reviewer's score sheet, other reviews
 * once they may see them, and conflict-of-interest declarations. Any board member or community
 * manager may open any application; what they see depends on who they are (queries/review-page.ts).
 */
export default function reviewApplicationRoutes(services: Services): Router {
  const router = Router()
  const boardOrCommunityManager = requireStaff('board-member', 'community-manager')

  async function load(req: Request): Promise<LoadedPage> {
    const reference = normaliseReference(asString(req.params.reference))
    const page = reference ? await services.read(reviewPage, { reference, viewer: req.user! }) : null
    if (!page) throw new HttpError(404, 'No such application')
    return { ...page, matches: await matchesFor(page) }
  }

  /** The match breakdown from the stored answers, against each chosen role as it was when they applied. */
  async function matchesFor(page: ReviewPage): Promise<ChosenRoleMatch[]> {
    const { application } = page
    const chosen = application.roles.map((role) => role.asApplied)
    const profile = profileFromApplication(application, chosen.map((role) => role.slug))
    // The open roles count too for how specific each skill is, so the levels read as on /match.
    const matches = matchRoles(profile, chosen, { voice: 'reviewer', among: await services.roles.listOpen() })
    return application.roles.flatMap((role, index) => {
      const match = matches.find((candidate) => candidate.role === chosen[index])
      return match ? [{ title: role.title, preference: role.preference, keptWhenApplied: role.keptWhenApplied, match }] : []
    })
  }

  router.get(PAGE, boardOrCommunityManager, async (req, res) => {
    const page = await load(req)
    renderPage(res, page, { decision: req.user!.roles.includes('community-manager') })
  })

  router.post(`${PAGE}/review`, boardOrCommunityManager, async (req, res) => {
    const page = await load(req)
    const reason = page.viewer.noScoreSheetReason
    if (reason === 'not-board-member') throw new HttpError(403, NOT_A_BOARD_MEMBER_MESSAGE)
    if (reason === 'recused') throw new HttpError(403, RECUSED_MESSAGE)
    if (reason === 'closed') return renderPage(res, page, { status: 409, problem: reviewsClosedMessage(page.application.status) })

    const roles = sheetRolesOf(page)
    const { values, errors } = parseReview(req.body as Record<string, unknown>, roles)
    if (Object.keys(errors).length > 0) return renderPage(res, page, { values, errors, status: 400 })
    try {
      const { created } = await services.act(
        recordReview,
        { reference: page.application.reference, member: req.user!, review: reviewInput(values, roles) },
        staffActor(req),
      )
      // Shown once on the next page by the layout (setUpLocals).
      req.session.flash = created ? 'Your review has been submitted' : 'Your review has been updated'
      res.redirect(303, applicationUrl(page.application.reference))
    } catch (error) {
      if (error instanceof ReviewApplicationNotFoundError) throw new HttpError(404, 'No such application')
      if (error instanceof RecusedError) throw new HttpError(403, RECUSED_MESSAGE)
      if (error instanceof NotABoardMemberError) throw new HttpError(403, NOT_A_BOARD_MEMBER_MESSAGE)
      if (!(error instanceof ReviewsClosedError || error instanceof StaleApplicationError)) throw error
      // Someone else moved the application on between the page and the POST: say what happened
      // and keep what was typed.
      const fresh = await load(req)
      const problem = error instanceof ReviewsClosedError ? reviewsClosedMessage(error.status) : 'This application changed while you were reviewing it. Check your review and submit it again.'
      renderPage(res, fresh, { values, status: 409, problem })
    }
  })

  router.get(`${PAGE}/conflict`, boardOrCommunityManager, async (req, res) => {
    const page = await load(req)
    if (!page.viewer.isBoardMember) throw new HttpError(403, NOT_A_BOARD_MEMBER_MESSAGE)
    if (page.viewer.conflict) return res.redirect(303, applicationUrl(page.application.reference))
    renderConflict(res, page, { reason: '' }, {})
  })

  router.post(`${PAGE}/conflict`, boardOrCommunityManager, async (req, res) => {
    const page = await load(req)
    if (!page.viewer.isBoardMember) throw new HttpError(403, NOT_A_BOARD_MEMBER_MESSAGE)
    const { values, errors } = parseConflict(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return renderConflict(res, page, values, errors, 400)
    const { declared, reviewDeleted } = await services.act(
      declareConflict,
      { reference: page.application.reference, member: req.user!, reason: values.reason || null },
      staffActor(req),
    )
    if (declared) {
      req.session.flash = reviewDeleted
        ? 'You have declared a conflict of interest. Your review has been deleted and no longer counts.'
        : 'You have declared a conflict of interest.'
    }
    res.redirect(303, applicationUrl(page.application.reference))
  })

  return router
}
