import { Router } from 'express'
import { publishResults } from '../../actions/board/elections/publish-results.ts'
import { ElectionRoundNotFoundError, StaleElectionRoundError } from '../../actions/board/elections/round-record.ts'
import { ELECTION_METHOD_LABELS, TIE_RULE_LABELS } from '../../domain/board-election.ts'
import { formatVotes } from '../../domain/count-scottish-stv.ts'
import { IllegalTransitionError } from '../../domain/status-machine.ts'
import { parseVersion } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { electionCount } from '../../queries/board-ballots.ts'
import type { Services } from '../../services/index.ts'
import { staffActor } from '../admin/staff-actor.ts'
import { isAdmin, loadRound, roundPath } from './round-pages.ts'

const CHANGED = 'This election changed while you were looking at it. Check it below, then try again.'

/**
 * /board/elections/:round/results: the count, with the rounds of an STV count as a table. Admins
 * see it once counted and publish it; then it is public, and the elected are invited to the board.
 */
export default function resultRoutes(services: Services): Router {
  const router = Router()

  router.get('/elections/:round/results', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    const visible = round.status === 'published' || (round.status === 'counted' && isAdmin(req))
    const count = visible ? await services.read(electionCount, { roundId: round.id }) : null
    if (!count) return next()
    const names = Object.fromEntries(count.candidates.map((candidate) => [candidate.id, candidate.name]))
    res.render('pages/board/elections/results', {
      title: `Results: ${round.name}`,
      round,
      count,
      names,
      formatVotes,
      methodLabels: ELECTION_METHOD_LABELS,
      tieLabels: TIE_RULE_LABELS,
      canPublish: round.status === 'counted' && isAdmin(req),
      backLink: { href: roundPath(round), text: `Back to ${round.name}` },
    })
  })

  router.post('/elections/:round/publish-results', requireStaff('admin'), async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    try {
      const { invited, updated } = await services.act(publishResults, { roundId: round.id, version: parseVersion(req.body as Record<string, unknown>) }, staffActor(req))
      req.session.flash = `The results are published. ${invited === 1 ? '1 new board member has' : `${invited} new board members have`} been invited${updated > 0 ? `, and ${updated} existing ${updated === 1 ? 'account has' : 'accounts have'} the board-member role and the new term` : ''}.`
    } catch (error) {
      if (error instanceof ElectionRoundNotFoundError) return next()
      if (error instanceof StaleElectionRoundError || error instanceof IllegalTransitionError) {
        return res.status(409).render('pages/board/elections/problem', { title: 'This election has changed', message: CHANGED, round })
      }
      throw error
    }
    res.redirect(303, `${roundPath(round)}/results`)
  })

  return router
}
