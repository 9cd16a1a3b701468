import { Router, type Response } from 'express'
import { removeChecklistItem } from '../../../actions/admin/roles/remove-checklist-item.ts'
import { saveChecklistItem } from '../../../actions/admin/roles/save-checklist-item.ts'
import type { Role } from '../../../entities/index.ts'
import { CHECKLIST_OWNER_LABELS, checklistValues, NEW_CHECKLIST_VALUES, parseChecklistItem } from '../../../forms/role/checklist.ts'
import { SLUG_PATTERN } from '../../../forms/role/fields.ts'
import { parseVersion, type Errors } from '../../../forms/validation.ts'
import type { Services } from '../../../services/index.ts'
import { removePage } from './remove-page.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

const findItem = (role: Role, key: string) => (SLUG_PATTERN.test(key) ? (role.checklistTemplate.find((item) => item.key === key) ?? null) : null)

/** /admin/roles/:id/checklist: the onboarding checklist template a new executive in this role starts with. */
export default function roleChecklistRoutes(services: Services): Router {
  const router = Router()
  const { load, saving, change } = rolePages(services)

  router.get('/:id/checklist', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    res.render('pages/admin/roles/checklist', {
      title: `Onboarding checklist: ${role.title}`,
      role,
      ownerLabels: CHECKLIST_OWNER_LABELS,
      backLink: { href: roleUrl(role), text: `Back to ${role.title}` },
    })
  })

  const ownerItems = (values: { owner: string }) =>
    Object.entries(CHECKLIST_OWNER_LABELS).map(([value, text]) => ({ value, text, checked: values.owner === value }))

  const renderChecklistItem = (res: Response, role: Role, key: string | null, values: typeof NEW_CHECKLIST_VALUES, errors: Errors, status?: number) =>
    renderForm(
      res,
      'checklist-item',
      role,
      {
        title: key ? `Change a checklist item: ${role.title}` : `Add a checklist item: ${role.title}`,
        isNew: key === null,
        values,
        errors,
        ownerItems: ownerItems(values),
        backLink: { href: roleUrl(role, 'checklist'), text: 'Back to the onboarding checklist' },
      },
      status,
    )

  // Before /:id/checklist/:key, which would otherwise take "new" as an item's key.
  router.get('/:id/checklist/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderChecklistItem(res, role, null, NEW_CHECKLIST_VALUES, {})
  })

  router.post('/:id/checklist/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseChecklistItem(body)
    if (!data) return renderChecklistItem(res, role, null, values, errors)
    await saving(
      req,
      res,
      role,
      () => change(req, saveChecklistItem, { id: role.id, version: parseVersion(body), key: null, data }),
      (fresh) => renderChecklistItem(res, fresh, null, values, { title: STALE_MESSAGE }, 409),
      { flash: 'Checklist item added', redirect: roleUrl(role, 'checklist') },
    )
  })

  router.get('/:id/checklist/:key', async (req, res, next) => {
    const role = await load(req)
    const item = role && findItem(role, String(req.params.key))
    if (!role || !item) return next()
    renderChecklistItem(res, role, item.key, checklistValues(item), {})
  })

  router.post('/:id/checklist/:key', async (req, res, next) => {
    const role = await load(req)
    const item = role && findItem(role, String(req.params.key))
    if (!role || !item) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseChecklistItem(body)
    if (!data) return renderChecklistItem(res, role, item.key, values, errors)
    await saving(
      req,
      res,
      role,
      () => change(req, saveChecklistItem, { id: role.id, version: parseVersion(body), key: item.key, data }),
      (fresh) => renderChecklistItem(res, fresh, item.key, values, { title: STALE_MESSAGE }, 409),
      { flash: 'Checklist item saved', redirect: roleUrl(role, 'checklist') },
    )
  })

  router.use(
    removePage(services, {
      section: 'checklist',
      find(role, param) {
        const item = findItem(role, param)
        return item
          ? { name: item.title, what: 'checklist item', remove: (req, version) => change(req, removeChecklistItem, { id: role.id, version, key: item.key }) }
          : null
      },
    }),
  )

  return router
}
