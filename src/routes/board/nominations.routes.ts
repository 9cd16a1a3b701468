import { Router, type NextFunction, type Request, type Response } from 'express'
import { changeNomination, NominationsFixedError } from '../../actions/board/elections/change-nomination.ts'
import { ElectionRoundNotFoundError, NominationNotFoundError, StaleNominationError } from '../../actions/board/elections/round-record.ts'
import { NOMINATION_REVIEW_ROUND_STATUSES } from '../../domain/election-round-status.ts'
import { IllegalTransitionError } from '../../domain/status-machine.ts'
import { NOMINATION_STATUS_LABELS, NOMINATION_TRANSITIONS, type NominationEvent } from '../../domain/nomination-status.ts'
import { INELIGIBLE_REASON_MAX_LENGTH, parseEligibility } from '../../forms/board/eligibility.ts'
import { errorList, parseVersion, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { roundNomination, type ElectionRoundView, type NominationView } from '../../queries/board-elections.ts'
import type { Services } from '../../services/index.ts'
import { staffActor } from '../admin/staff-actor.ts'
import { loadRound, roundPath, UUID } from './round-pages.ts'

const CHANGED = 'This nomination changed while you were looking at it. Check it below, then make your decision again.'
const FIXED = 'Voting has opened, so the candidates can no longer change.'

/**
 * /board/elections/:round/nominations/:id (admins): one nomination, the admins' finding on its
 * eligibility (with a reason when not eligible), publishing it on the candidates page, and
 * withdrawing it at the nominee's request. Each from the version the admin saw.
 */
export default function nominationRoutes(services: Services): Router {
  const router = Router()
  router.use('/elections/:round/nominations', requireStaff('admin'))

  async function load(req: Request, next: NextFunction): Promise<{ round: ElectionRoundView; nomination: NominationView } | null> {
    const round = await loadRound(services, req, next)
    if (!round) return null
    const id = String(req.params.id)
    const nomination = UUID.test(id) ? await services.read(roundNomination, { roundId: round.id, nominationId: id }) : null
    if (!nomination) {
      next()
      return null
    }
    return { round, nomination }
  }

  const pathOf = (round: ElectionRoundView, nomination: NominationView) => `${roundPath(round)}/nominations/${nomination.id}`

  function render(res: Response, round: ElectionRoundView, nomination: NominationView, locals: { values?: Record<string, string>; errors?: Errors; status?: number; message?: string } = {}) {
    const errors = locals.errors ?? {}
    res.status(locals.status ?? (Object.keys(errors).length > 0 ? 400 : 200)).render('pages/board/elections/nomination', {
      title: nomination.fullName,
      round,
      nomination,
      values: locals.values ?? { eligible: nomination.status === 'eligible' ? 'yes' : nomination.status === 'ineligible' ? 'no' : '', reason: nomination.ineligibleReason ?? '' },
      errors,
      errorList: errorList(errors),
      message: locals.message ?? null,
      reviewable: NOMINATION_REVIEW_ROUND_STATUSES.includes(round.status),
      can: (event: NominationEvent) => NOMINATION_TRANSITIONS[event].from.includes(nomination.status),
      statusLabels: NOMINATION_STATUS_LABELS,
      reasonLimit: INELIGIBLE_REASON_MAX_LENGTH,
      path: pathOf(round, nomination),
      backLink: { href: `${roundPath(round)}/manage`, text: `Back to ${round.name}` },
    })
  }

  /** Runs the change; a refusal re-renders the page with why. True when it was made. */
  async function change(req: Request, res: Response, next: NextFunction, found: { round: ElectionRoundView; nomination: NominationView }, event: NominationEvent, reason: string | null, values?: Record<string, string>) {
    const { round, nomination } = found
    try {
      await services.act(changeNomination, { roundId: round.id, nominationId: nomination.id, version: parseVersion(req.body as Record<string, unknown>), event, reason }, staffActor(req))
      return true
    } catch (error) {
      if (error instanceof ElectionRoundNotFoundError || error instanceof NominationNotFoundError) {
        next()
        return false
      }
      if (error instanceof StaleNominationError || error instanceof IllegalTransitionError || error instanceof NominationsFixedError) {
        const fresh = (await services.read(roundNomination, { roundId: round.id, nominationId: nomination.id })) ?? nomination
        render(res, round, fresh, { status: 409, message: error instanceof NominationsFixedError ? FIXED : CHANGED, values })
        return false
      }
      throw error
    }
  }

  router.get('/elections/:round/nominations/:id', async (req, res, next) => {
    const found = await load(req, next)
    if (found) render(res, found.round, found.nomination)
  })

  router.post('/elections/:round/nominations/:id/eligibility', async (req, res, next) => {
    const found = await load(req, next)
    if (!found) return
    const { values, errors } = parseEligibility(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return render(res, found.round, found.nomination, { values, errors })
    const event = values.eligible === 'yes' ? 'find_eligible' : 'find_ineligible'
    if (!(await change(req, res, next, found, event, event === 'find_ineligible' ? values.reason : null, values))) return
    req.session.flash = `${found.nomination.fullName} is ${event === 'find_eligible' ? 'eligible to stand. Publish the nomination to add them to the candidates.' : 'not eligible to stand'}`
    res.redirect(303, pathOf(found.round, found.nomination))
  })

  for (const [path, event, done] of [
    ['publish', 'publish', 'is now on the candidates page'],
    ['withdraw', 'withdraw', 'has been withdrawn'],
  ] as const) {
    router.post(`/elections/:round/nominations/:id/${path}`, async (req, res, next) => {
      const found = await load(req, next)
      if (!found) return
      if (!(await change(req, res, next, found, event, null))) return
      req.session.flash = `${found.nomination.fullName}’s nomination ${done}`
      res.redirect(303, pathOf(found.round, found.nomination))
    })
  }

  return router
}
