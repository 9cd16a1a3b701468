import { Router, type Response } from 'express'
import { STATUS_LABELS } from '../../domain/application-status.ts'
import { IllegalTransitionError } from '../../domain/status-machine.ts'
import { DECISION_LABELS, DECISION_RECORDED, UNSUCCESSFUL_REASONS, type Decision } from '../../domain/decisions.ts'
import { CONVERSATION_RECOMMENDATION_LABELS } from '../../domain/conversation.ts'
import { offerNeedsConfirming, placesAndOffersText } from '../../domain/places.ts'
import { normaliseReference } from '../../domain/reference.ts'
import { DECISION_TEXT_LIMIT, parseDecision, type DecisionValues } from '../../forms/decision.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { StaleApplicationError } from '../../services/application-status.service.ts'
import type { Services } from '../../services/index.ts'
import { DECISION_ACTIONS, QuorumNotReachedError } from '../../actions/decisions/index.ts'
import { NoFreePlaceError } from '../../actions/decisions/make-offer.ts'
import { decisionPage, type DecisionView, type Tally } from '../../queries/decision-page.ts'

const CHANGED = 'This application changed while you were looking at it. Check its status below, then record your decision again.'

const EMPTY: DecisionValues = { decision: '', version: 0, message: '', roleId: '', reason: '', feedback: '', beyondPlaces: false }

function quorumMessage(tally: Pick<Tally, 'quorum' | 'reviews'>): string {
  return `A decision needs ${tally.quorum} board reviews. There ${tally.reviews === 1 ? 'is' : 'are'} ${tally.reviews} so far.`
}

/** Under each role that may be offered: its places, and whether an offer needs confirming. */
function placeHintsFor(view: DecisionView): Record<string, string> {
  return Object.fromEntries(
    Object.entries(view.places).map(([roleId, places]) => [
      roleId,
      `${placesAndOffersText(places)}${offerNeedsConfirming(places) ? '. No free places: you will be asked to confirm an offer' : ''}`,
    ]),
  )
}

/** A community manager records a decision on an application: one thing, on its own page. */
export default function decisionRoutes(services: Services): Router {
  const router = Router()
  const path = '/applications/:reference/decision'

  function render(res: Response, view: DecisionView, values: DecisionValues, errors: Errors, status = 200) {
    res.status(status).render('pages/review/decision', {
      title: `Record a decision on ${view.application.reference}`,
      view,
      values: { ...values, version: view.application.version },
      errors,
      errorList: errorList(errors),
      statusLabel: STATUS_LABELS[view.application.status],
      decisionLabels: DECISION_LABELS,
      recommendationLabels: CONVERSATION_RECOMMENDATION_LABELS,
      reasons: UNSUCCESSFUL_REASONS,
      textLimit: DECISION_TEXT_LIMIT,
      placeHints: placeHintsFor(view),
      formAction: `/review/applications/${view.application.reference}/decision`,
      backLink: { href: `/review/applications/${view.application.reference}`, text: 'Back to the application' },
    })
  }

  /** The offer would promise more people than the role has places: ask before making it. */
  function renderBeyondPlaces(res: Response, view: DecisionView, values: DecisionValues, error: NoFreePlaceError) {
    const heading = `${error.roleTitle} has no free places`
    res.render('pages/review/offer-beyond-places', {
      title: heading,
      heading,
      view,
      values,
      roleTitle: error.roleTitle,
      places: error.places,
      formAction: `/review/applications/${view.application.reference}/decision`,
      backLink: { href: `/review/applications/${view.application.reference}/decision`, text: 'Back to the decision' },
    })
  }

  router.get(path, requireStaff('community-manager'), async (req, res, next) => {
    const reference = normaliseReference(String(req.params.reference))
    const view = reference ? await services.read(decisionPage, { reference }) : null
    if (!view) return next()
    // An application for one role can only be offered that role: it is chosen already.
    const roles = view.application.roles ?? []
    render(res, view, roles.length === 1 ? { ...EMPTY, roleId: roles[0]!.roleId } : EMPTY, {})
  })

  router.post(path, requireStaff('community-manager'), async (req, res, next) => {
    const reference = normaliseReference(String(req.params.reference))
    const view = reference ? await services.read(decisionPage, { reference }) : null
    if (!view) return next()
    const roleIds = (view.application.roles ?? []).map((choice) => choice.roleId)
    const body = req.body as Record<string, unknown>
    const { values, errors } = parseDecision(body, view.allowed, roleIds)
    // The version the person saw, not the latest: a decision on a changed application is refused
    // (checked first, since what may be decided depends on the status they saw).
    const seenVersion = values.version
    if (seenVersion !== view.application.version) return render(res, view, values, { decision: CHANGED }, 409)
    if (Object.keys(errors).length > 0) return render(res, view, values, errors, 400)
    if (!view.tally.quorumReached) return render(res, view, values, { decision: quorumMessage(view.tally) }, 400)
    const decision = values.decision as Decision
    // The times, how and who are asked on a page of their own; the move is made when they are offered.
    if (decision === 'invite_to_interview') return res.redirect(303, `/review/applications/${view.application.reference}/conversation/new`)
    try {
      await services.act(
        DECISION_ACTIONS[decision],
        {
          reference: view.application.reference,
          version: seenVersion,
          message: values.message,
          roleId: values.roleId,
          reason: values.reason || undefined,
          feedback: values.feedback,
          beyondPlaces: values.beyondPlaces,
        },
        { type: 'staff', id: req.user!.id },
      )
    } catch (error) {
      // Nothing was written: the community manager confirms the offer, or goes back and decides again.
      if (error instanceof NoFreePlaceError) return renderBeyondPlaces(res, view, values, error)
      const fresh = await services.read(decisionPage, { reference: view.application.reference })
      if (!fresh) return next()
      if (error instanceof StaleApplicationError || error instanceof IllegalTransitionError) {
        // Someone else acted first: show what is true now, keep everything that was typed.
        return render(res, fresh, values, { decision: CHANGED }, 409)
      }
      if (error instanceof QuorumNotReachedError) return render(res, fresh, values, { decision: quorumMessage(error) }, 400)
      throw error
    }
    req.session.flash = `${DECISION_RECORDED[decision]}. We have emailed the applicant.`
    res.redirect(303, `/review/applications/${view.application.reference}`)
  })

  return router
}
