import { Router } from 'express'
import { publishResults } from '../../actions/board/elections/publish-results.ts'
import { ElectionRoundNotFoundError, StaleElectionRoundError } from '../../actions/board/elections/round-record.ts'
import { IllegalTransitionError } from '../../domain/status-machine.ts'
import { parseVersion } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import type { Services } from '../../services/index.ts'
import { staffActor } from '../admin/staff-actor.ts'
import { loadRound, roundPath, visibleCount } from './round-pages.ts'

const CHANGED = 'This election changed while you were looking at it. Check it below, then try again.'

/**
 * Publishing a round's results: admins see the count on the round's page once counted and publish
 * it from there; then it is public, and the elected are invited to the board.
 */
export default function resultRoutes(services: Services): Router {
  const router = Router()

  // The results are on the round’s own page; this address, where they were before,
  // leads there once there are results this visitor may see, and is not found before.
  router.get('/elections/:round/results', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    if (!(await visibleCount(services, req, round))) return next()
    res.redirect(301, `${roundPath(round)}#results`)
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
    res.redirect(303, `${roundPath(round)}#results`)
  })

  return router
}
