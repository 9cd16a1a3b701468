import { Router, type Response } from 'express'
import { createRound, RoundNameTakenError } from '../../../actions/admin/rounds/create-round.ts'
import { finishRound, RoundHasOpenRolesError, StaleRoundError } from '../../../actions/admin/rounds/finish-round.ts'
import { ROUND_NAME_MAX_LENGTH, ROUND_STATUS_LABELS } from '../../../domain/round-status.ts'
import { IllegalTransitionError } from '../../../domain/status-machine.ts'
import { tidyLine } from '../../../domain/text.ts'
import { asString, errorList, parseVersion, type Errors } from '../../../forms/validation.ts'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import { roundList } from '../../../queries/recruitment-rounds.ts'
import type { Services } from '../../../services/index.ts'
import { staffActor } from '../staff-actor.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * /admin/rounds: recruitment rounds, for community managers. The list, a new round, and finishing
 * a round once none of its roles is open. A role is reopened in a round from its own page
 * (/admin/roles/:id/round).
 */
export default function adminRoundsRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('community-manager'))

  const renderList = async (res: Response, errors: Errors = {}, status = 200) =>
    res.status(status).render('pages/admin/rounds/index', {
      title: 'Recruitment rounds',
      rounds: await services.read(roundList, undefined),
      statusLabels: ROUND_STATUS_LABELS,
      errors,
      errorList: errorList(errors),
      backLink: { href: '/admin/roles', text: 'Back to roles' },
    })

  const renderNew = (res: Response, name: string, errors: Errors) =>
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/admin/rounds/new', {
      title: 'Create a recruitment round',
      values: { name },
      errors,
      errorList: errorList(errors),
      formAction: '/admin/rounds/new',
      nameLimit: ROUND_NAME_MAX_LENGTH,
      backLink: { href: '/admin/rounds', text: 'Back to recruitment rounds' },
    })

  router.get('/', async (_req, res) => {
    await renderList(res)
  })

  router.get('/new', (_req, res) => {
    renderNew(res, '', {})
  })

  router.post('/new', async (req, res) => {
    const typed = asString((req.body as Record<string, unknown>).name)
    const name = tidyLine(typed)
    if (!name) return renderNew(res, typed, { name: 'Enter a name for the round' })
    if (name.length > ROUND_NAME_MAX_LENGTH) return renderNew(res, typed, { name: `Name must be ${ROUND_NAME_MAX_LENGTH} characters or fewer` })
    try {
      await services.act(createRound, { name }, staffActor(req))
    } catch (error) {
      if (error instanceof RoundNameTakenError) return renderNew(res, typed, { name: 'Another round already has this name: choose a different one' })
      throw error
    }
    req.session.flash = `Round created: ${name}. Reopen roles in it from each role's page.`
    res.redirect(303, '/admin/rounds')
  })

  router.post('/:id/finish', async (req, res, next) => {
    const id = String(req.params.id)
    if (!UUID.test(id)) return next()
    try {
      await services.act(finishRound, { id, version: parseVersion(req.body as Record<string, unknown>) }, staffActor(req))
    } catch (error) {
      if (error instanceof RoundHasOpenRolesError) {
        return renderList(res, { [`finish-${id}`]: `Close these roles, or reopen them in another round, before you finish the round: ${error.titles.join(', ')}` }, 400)
      }
      if (error instanceof StaleRoundError || error instanceof IllegalTransitionError) {
        return renderList(res, { [`finish-${id}`]: 'The round changed while you were looking at it. Check it below, then try again.' }, 409)
      }
      throw error
    }
    req.session.flash = 'Round finished. Its figures can now be published in the recruitment summary.'
    res.redirect(303, '/admin/rounds')
  })

  return router
}
