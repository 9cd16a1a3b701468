import { Router, type Response } from 'express'
import { RoleNotReadyError } from '../../../actions/admin/roles/change-role-status.ts'
import { ROLE_MACHINE } from '../../../domain/role-status.ts'
import { allows } from '../../../domain/status-machine.ts'
import { reopenInRound, RoundNotAvailableError } from '../../../actions/admin/roles/reopen-in-round.ts'
import type { Role } from '../../../entities/index.ts'
import { asString, parseVersion, type Errors } from '../../../forms/validation.ts'
import { roundName, roundsTakingRoles } from '../../../queries/recruitment-rounds.ts'
import type { Services } from '../../../services/index.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

/**
 * /admin/roles/:id/round: reopens a closed (or draft) role in another open recruitment round.
 * Applications already made stay in the round they were made in.
 */
export default function roleRoundRoutes(services: Services): Router {
  const router = Router()
  const { load, saving, change } = rolePages(services)

  const render = async (res: Response, role: Role, roundId: string, errors: Errors, status?: number) => {
    const rounds = (await services.read(roundsTakingRoles, undefined)).filter((round) => round.id !== role.roundId)
    renderForm(res, 'round', role, { title: `Reopen in a new round: ${role.title}`, values: { roundId }, errors, rounds, currentRound: await services.read(roundName, { id: role.roundId }) }, status)
  }

  router.get('/:id/round', async (req, res, next) => {
    const role = await load(req)
    if (!role || !allows(ROLE_MACHINE, role.status, 'open')) return next()
    await render(res, role, '', {})
  })

  router.post('/:id/round', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const roundId = asString(body.roundId)
    if (!roundId) return render(res, role, roundId, { roundId: 'Choose the round to reopen the role in' })
    try {
      await saving(
        req,
        res,
        role,
        () => change(req, reopenInRound, { id: role.id, version: parseVersion(body), roundId }),
        (fresh) => void render(res, fresh, roundId, { roundId: STALE_MESSAGE }, 409),
        { flash: `${role.title} is open for applications in the new round`, redirect: roleUrl(role) },
      )
    } catch (error) {
      if (error instanceof RoundNotAvailableError) return render(res, role, '', { roundId: 'That round no longer takes roles: choose another open round' })
      if (error instanceof RoleNotReadyError) return render(res, role, roundId, { roundId: `The role is not ready to open: ${error.problems.map((p) => p.text.toLowerCase()).join('; ')}` })
      throw error
    }
  })

  return router
}
