import { Router, type Response } from 'express'
import { acceptOffer } from '../../actions/offer/accept-offer.ts'
import { declineOffer } from '../../actions/offer/decline-offer.ts'
import { IllegalTransitionError } from '../../domain/status-machine.ts'
import { offerLinkState, type OfferState } from '../../queries/offer-link.ts'
import { StaleApplicationError } from '../../services/application-status.service.ts'
import { APPLICANT } from '../../services/audit.ts'
import { WELCOME_LINK_DAYS } from '../../services/email-sign-in.ts'
import type { Services } from '../../services/index.ts'
import { OFFER_LINK_DAYS } from '../../services/offer.service.ts'

const VIEWS = 'pages/offer'
const ANSWERS = { accept: acceptOffer, decline: declineOffer } as const

/**
 * The accept and decline links in an offer email. Each GET shows a page with a button, and only
 * the POST acts, so that a mail scanner following the links cannot answer the offer. A link
 * already answered shows the answer and changes nothing.
 */
export default function offerRoutes(services: Services): Router {
  const router = Router()
  const { act, read } = services

  // One-time links and personal pages: never kept by a browser or a proxy.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })

  /** Any page but the confirmation: a problem with the link, or the answer already recorded. */
  function renderState(res: Response, state: Exclude<OfferState, { kind: 'open' }>, options: { justNow?: boolean; posted?: boolean } = {}) {
    switch (state.kind) {
      case 'malformed':
      case 'unknown':
        return res.status(state.kind === 'malformed' ? 400 : 404).render(`${VIEWS}/link-problem`, { title: 'This link does not work' })
      case 'expired':
        return res.status(410).render(`${VIEWS}/expired`, { title: 'This offer link has expired', state, days: OFFER_LINK_DAYS })
      case 'answered': {
        const titles = options.justNow
          ? { accepted: 'Offer accepted', declined: 'Offer declined', closed: '' }
          : { accepted: 'You have already accepted this offer', declined: 'You have already declined this offer', closed: 'This offer is no longer open' }
        // A POST that could not act answers 409: the person is told what was already recorded.
        return res.status(options.posted ? 409 : 200).render(`${VIEWS}/outcome`, {
          title: titles[state.outcome],
          state,
          justNow: options.justNow ?? false,
          welcomeLinkDays: WELCOME_LINK_DAYS,
        })
      }
    }
  }

  for (const answer of ['accept', 'decline'] as const) {
    const path = `/:token/${answer}`

    router.get(path, async (req, res) => {
      const token = String(req.params.token)
      const state = await read(offerLinkState, { token })
      if (state.kind !== 'open') return renderState(res, state)
      res.render(`${VIEWS}/respond`, {
        title: answer === 'accept' ? `Accept the offer of the ${state.roleTitle} role` : `Decline the offer of the ${state.roleTitle} role`,
        answer,
        state,
        formAction: `/offer/${token}/${answer}`,
        otherHref: `/offer/${token}/${answer === 'accept' ? 'decline' : 'accept'}`,
      })
    })

    router.post(path, async (req, res) => {
      const token = String(req.params.token)
      let result
      try {
        result = await act(ANSWERS[answer], { token }, APPLICANT)
      } catch (error) {
        // The application changed under us (withdrawn, or a community manager acted): nothing
        // was recorded, so say what is true now.
        if (!(error instanceof StaleApplicationError || error instanceof IllegalTransitionError)) throw error
        result = { done: false, state: await read(offerLinkState, { token }) }
      }
      if (!result.done) {
        if (result.state.kind === 'open') throw new Error('An open offer was not answered')
        return renderState(res, result.state, { posted: true })
      }
      res.redirect(303, `/offer/${token}/${answer === 'accept' ? 'accepted' : 'declined'}`)
    })
  }

  // Where a successful answer lands (post/redirect/get).
  for (const outcome of ['accepted', 'declined'] as const) {
    router.get(`/:token/${outcome}`, async (req, res) => {
      const token = String(req.params.token)
      const state = await read(offerLinkState, { token })
      if (state.kind === 'open') return res.redirect(303, `/offer/${token}/${outcome === 'accepted' ? 'accept' : 'decline'}`)
      renderState(res, state, { justNow: state.kind === 'answered' && state.outcome === outcome })
    })
  }

  return router
}
