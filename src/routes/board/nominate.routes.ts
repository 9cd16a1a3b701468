import { Router, type Request, type Response } from 'express'
import { NominationsClosedError, submitNomination } from '../../actions/board/elections/submit-nomination.ts'
import { NOMINATION_STATEMENT_MAX_WORDS, takesNominations } from '../../domain/board-election.ts'
import { normaliseEmail } from '../../domain/text.ts'
import { completeNomination, firstUnanswered, NOMINATION_STEPS, type NominationAnswers, type NominationStep } from '../../forms/board/nomination.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { tooManyPage } from '../../middleware/rate-limits.ts'
import type { ElectionRoundView } from '../../queries/board-elections.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'
import { todayInLondon } from '../../services/role.service.ts'
import { loadRound, roundPath } from './round-pages.ts'

/**
 * /board/elections/:round/nominate: standing for the board, like an application: a start page,
 * one question per page (name, email, a statement of up to 300 words, consent to publish it),
 * Check your answers, then a confirmation. The answers live in the session until they are sent.
 */
export default function nominateRoutes(services: Services): Router {
  const router = Router()
  const base = (round: ElectionRoundView) => `${roundPath(round)}/nominate`

  /** This round's answers so far; a page that only shows them leaves the session as it was. */
  function answersFor(req: Request, round: ElectionRoundView, keep = false): NominationAnswers {
    if (req.session.nomination?.roundId === round.id) return req.session.nomination.answers
    const answers: NominationAnswers = {}
    if (keep) req.session.nomination = { roundId: round.id, answers }
    return answers
  }

  const closed = (res: Response, round: ElectionRoundView) =>
    res.render('pages/board/nominate/closed', { title: 'Nominations are not open', round, today: todayInLondon(), backLink: { href: roundPath(round), text: `Back to ${round.name}` } })

  function renderStep(res: Response, round: ElectionRoundView, step: NominationStep, values: NominationAnswers, errors: Errors = {}, change = false) {
    const index = NOMINATION_STEPS.indexOf(step)
    const previous = NOMINATION_STEPS[index - 1]
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render(step.view, {
      title: step.title,
      round,
      values,
      errors,
      errorList: errorList(errors),
      formAction: `${base(round)}/${step.id}${change ? '?change=1' : ''}`,
      maxWords: NOMINATION_STATEMENT_MAX_WORDS,
      backLink: change ? { href: `${base(round)}/check`, text: 'Back to check your answers' } : { href: previous ? `${base(round)}/${previous.id}` : base(round), text: 'Back' },
    })
  }

  router.get('/elections/:round/nominate', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    if (!takesNominations(round, todayInLondon())) return closed(res, round)
    res.render('pages/board/nominate/start', { title: `Stand for the board: ${round.name}`, round, maxWords: NOMINATION_STATEMENT_MAX_WORDS, backLink: { href: roundPath(round), text: `Back to ${round.name}` } })
  })

  router.get('/elections/:round/nominate/confirmation', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    if (req.session.nominated?.roundId !== round.id) return res.redirect(303, base(round))
    res.render('pages/board/nominate/confirmation', { title: 'Nomination sent', round })
  })

  // Each nomination emails a receipt to the address typed: a tight limit per address, a generous one per network.
  const tooMany = (name: 'nominationsPerAddress' | 'nominationsPerIp') => tooManyPage(name, 'pages/board/nominate/too-many', 'You cannot send another nomination yet')
  const nominationsPerIp = services.limits.perIp('nominationsPerIp', { onReached: tooMany('nominationsPerIp') })
  const nominationsPerAddress = services.limits.perAddress('nominationsPerAddress', {
    keyOf: (req) => (req.session.nomination?.answers.email ? normaliseEmail(req.session.nomination.answers.email) : null),
    onReached: tooMany('nominationsPerAddress'),
  })

  router.get('/elections/:round/nominate/check', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    if (!takesNominations(round, todayInLondon())) return closed(res, round)
    const answers = answersFor(req, round)
    const missing = firstUnanswered(answers)
    if (missing) return res.redirect(303, `${base(round)}/${missing.id}`)
    res.render('pages/board/nominate/check', { title: 'Check your nomination', round, answers, base: base(round), backLink: { href: `${base(round)}/consent`, text: 'Back' } })
  })

  router.post('/elections/:round/nominate/check', nominationsPerIp, nominationsPerAddress, async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    const answers = answersFor(req, round)
    const nomination = completeNomination(answers)
    if (!nomination) return res.redirect(303, `${base(round)}/${firstUnanswered(answers)?.id ?? 'name'}`)
    try {
      await services.act(submitNomination, { roundId: round.id, ...nomination }, APPLICANT)
    } catch (error) {
      if (error instanceof NominationsClosedError) return closed(res.status(409), round)
      throw error
    }
    delete req.session.nomination
    req.session.nominated = { roundId: round.id }
    res.redirect(303, `${base(round)}/confirmation`)
  })

  router.get('/elections/:round/nominate/:step', async (req, res, next) => {
    const step = NOMINATION_STEPS.find((each) => each.id === req.params.step)
    if (!step) return next()
    const round = await loadRound(services, req, next)
    if (!round) return
    if (!takesNominations(round, todayInLondon())) return closed(res, round)
    renderStep(res, round, step, answersFor(req, round), {}, req.query.change === '1')
  })

  router.post('/elections/:round/nominate/:step', async (req, res, next) => {
    const step = NOMINATION_STEPS.find((each) => each.id === req.params.step)
    if (!step) return next()
    const round = await loadRound(services, req, next)
    if (!round) return
    if (!takesNominations(round, todayInLondon())) return closed(res, round)
    const answers = answersFor(req, round, true)
    const change = req.query.change === '1'
    const { values, errors } = step.parse(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return renderStep(res, round, step, { ...answers, ...values }, errors, change)
    if (step.id === 'consent' && !values.consent) delete answers.consent
    Object.assign(answers, values)
    const next_ = change ? null : NOMINATION_STEPS[NOMINATION_STEPS.indexOf(step) + 1]
    res.redirect(303, next_ ? `${base(round)}/${next_.id}` : `${base(round)}/check`)
  })

  return router
}
