import { Router, type NextFunction, type Request, type Response } from 'express'
import { BallotChoicesInvalidError, BallotLinkUnusableError, castBallot } from '../../actions/board/elections/cast-ballot.ts'
import { takesVotes } from '../../domain/board-election.ts'
import { parseBallot, type BallotValues } from '../../forms/board/ballot.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { ballotLinkState } from '../../queries/board-ballots.ts'
import { candidates, type CandidateView, type ElectionRoundView } from '../../queries/board-elections.ts'
import { SYSTEM } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'
import { todayInLondon } from '../../services/role.service.ts'
import { loadRound, roundPath } from './round-pages.ts'

/**
 * /board/elections/:round/ballot/:token: an elector's ballot, reached by the one-time link they
 * were emailed; the link is the credential. Looking at it uses nothing up; the vote is checked
 * (Check your vote), then cast, once. Nothing about the elector is kept in the session.
 */
export default function ballotRoutes(services: Services): Router {
  const router = Router()
  // Slows guessing of ballot links (which are long and random anyway).
  const linkUsesPerIp = services.limits.perIp('linkSignInsPerIp', { prefix: 'ballot:' })

  async function load(req: Request, res: Response, next: NextFunction): Promise<{ round: ElectionRoundView; list: CandidateView[]; token: string } | null> {
    const round = await loadRound(services, req, next)
    if (!round) return null
    const token = String(req.params.token)
    const state = takesVotes(round, todayInLondon()) ? await services.read(ballotLinkState, { roundId: round.id, token }) : 'unusable'
    if (state !== 'usable') {
      res.status(state === 'used' ? 409 : 410).render('pages/board/ballot/unusable', { title: state === 'used' ? 'You have already voted' : 'This ballot link cannot be used', state, round })
      return null
    }
    return { round, list: await services.read(candidates, { roundId: round.id }), token }
  }

  function renderBallot(res: Response, round: ElectionRoundView, list: CandidateView[], token: string, values: BallotValues, errors: Errors = {}) {
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/board/ballot/ballot', {
      title: `Your ballot: ${round.name}`,
      round,
      candidates: list,
      values,
      errors,
      errorList: errorList(errors),
      formAction: `${roundPath(round)}/ballot/${token}`,
    })
  }

  router.get('/elections/:round/voted', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    res.render('pages/board/ballot/voted', { title: 'Your vote has been recorded', round })
  })

  router.get('/elections/:round/ballot/:token', linkUsesPerIp, async (req, res, next) => {
    const found = await load(req, res, next)
    if (found) renderBallot(res, found.round, found.list, found.token, { approved: [], ranks: {} })
  })

  // The filled-in ballot: checked, then shown back for the elector to cast.
  router.post('/elections/:round/ballot/:token', linkUsesPerIp, async (req, res, next) => {
    const found = await load(req, res, next)
    if (!found) return
    const { round, list, token } = found
    const { values, errors, choices } = parseBallot(req.body as Record<string, unknown>, round.method, list.map((candidate) => candidate.id))
    if (!choices) return renderBallot(res, round, list, token, values, errors)
    res.render('pages/board/ballot/check', {
      title: 'Check your vote',
      round,
      chosen: choices.map((id) => list.find((candidate) => candidate.id === id)!),
      choices,
      formAction: `${roundPath(round)}/ballot/${token}/cast`,
      changeAction: `${roundPath(round)}/ballot/${token}`,
    })
  })

  router.post('/elections/:round/ballot/:token/cast', linkUsesPerIp, async (req, res, next) => {
    const found = await load(req, res, next)
    if (!found) return
    const { round, list, token } = found
    const body = req.body as Record<string, unknown>
    const choices = (Array.isArray(body.choice) ? body.choice : [body.choice]).filter((id): id is string => typeof id === 'string')
    try {
      await services.act(castBallot, { roundId: round.id, token, choices }, SYSTEM)
    } catch (error) {
      if (error instanceof BallotChoicesInvalidError) return renderBallot(res, round, list, token, { approved: [], ranks: {} }, { [round.method === 'approval' ? 'approved' : `rank-${list[0]?.id ?? ''}`]: 'Fill in your ballot again' })
      if (error instanceof BallotLinkUnusableError) {
        return res.status(error.reason === 'used' ? 409 : 410).render('pages/board/ballot/unusable', { title: error.reason === 'used' ? 'You have already voted' : 'This ballot link cannot be used', state: error.reason, round })
      }
      throw error
    }
    res.redirect(303, `${roundPath(round)}/voted`)
  })

  return router
}
