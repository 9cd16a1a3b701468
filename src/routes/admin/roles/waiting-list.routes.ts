import { Router, type Response } from 'express'
import { setWaitingList } from '../../../actions/admin/roles/set-waiting-list.ts'
import { placesFilledText } from '../../../domain/places.ts'
import type { Role } from '../../../entities/index.ts'
import { parseWaitingList, waitingListValues, type WaitingListValues } from '../../../forms/role/waiting-list.ts'
import { parseVersion, type Errors } from '../../../forms/validation.ts'
import { rolePlaces } from '../../../queries/role-places.ts'
import type { Services } from '../../../services/index.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

/** /admin/roles/:id/waiting-list: whether the role keeps taking applications once every place is filled. */
export default function roleWaitingListRoutes(services: Services): Router {
  const router = Router()
  const { load, saving, change } = rolePages(services)

  /** "1 of 1 place filled", for the hint. */
  const placesText = async (role: Role) =>
    placesFilledText({ places: role.places, placesFilled: (await services.read(rolePlaces, { roleIds: [role.id] })).get(role.id)?.placesFilled ?? 0 })

  const render = (res: Response, role: Role, placesFilled: string, values: WaitingListValues, errors: Errors, status?: number) =>
    renderForm(res, 'waiting-list', role, { title: `Waiting list: ${role.title}`, values, errors, placesFilled }, status)

  router.get('/:id/waiting-list', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    render(res, role, await placesText(role), waitingListValues(role), {})
  })

  router.post('/:id/waiting-list', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseWaitingList(body)
    const placesFilled = await placesText(role)
    if (data === null) return render(res, role, placesFilled, values, errors)
    await saving(
      req,
      res,
      role,
      () => change(req, setWaitingList, { id: role.id, version: parseVersion(body), waitingList: data }),
      (fresh) => render(res, fresh, placesFilled, values, { waitingList: STALE_MESSAGE }, 409),
      { flash: data ? 'The role will keep taking applications for a waiting list once every place is filled' : 'The role will stop taking applications once every place is filled', redirect: roleUrl(role) },
    )
  })

  return router
}
