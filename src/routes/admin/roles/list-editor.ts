import { Router, type Request, type Response } from 'express'
import type { Role } from '../../../entities/index.ts'
import type { ParsedForm } from '../../../forms/role/fields.ts'
import { parseVersion, type Errors } from '../../../forms/validation.ts'
import type { Services } from '../../../services/index.ts'
import { paramOf, removePage } from './remove-page.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

/**
 * One list on a role that is edited an item at a time (questions, further reading links,
 * checklist items). Each list states only what differs; the pages are the same:
 *
 * - GET  /admin/roles/:id/<section>                 the list
 * - GET  /admin/roles/:id/<section>/new             a form to add one
 * - POST /admin/roles/:id/<section>/new
 * - GET  /admin/roles/:id/<section>/:param          a form to change one
 * - POST /admin/roles/:id/<section>/:param
 * - GET  /admin/roles/:id/<section>/:param/remove   a page that asks first (remove-page.ts)
 * - POST /admin/roles/:id/<section>/:param/remove
 */
export interface ListEditor<Item, Values extends object, Data> {
  /** The list's part of the address and its view, e.g. 'questions'. */
  section: string
  /** What one item is called, e.g. 'checklist item': in page titles, flashes and the remove page. */
  what: string
  /** The item in an address (its key, or its number from 1); null when the role has none such. */
  find(role: Role, param: string): Item | null
  /** The list page's locals, besides the role and the link back to it (see listPage). */
  list(role: Role): ListLocals
  form: {
    /** The form's view under pages/admin/roles. */
    view: string
    /** The text of the link back to the list. */
    back: string
    /** The field a stale save's message is shown against. */
    staleField: string
    blank: Values
    values(role: Role, item: Item): Values
    parse(body: Record<string, unknown>): ParsedForm<Values, Data>
    /** Anything else the form's view needs. */
    locals?(values: Values): Record<string, unknown>
  }
  /** The name the remove page and its flash use. */
  name(role: Role, item: Item): string
  /** Adds an item (item null) or changes one, as the signed-in manager. */
  save(req: Request, role: Role, version: number, item: Item | null, data: Data): Promise<Role>
  remove(req: Request, role: Role, version: number, item: Item): Promise<Role>
}

type ListLocals = { title: string; [key: string]: unknown }

/** Renders a list page (pages/admin/roles/<section>), with the link back to the role. */
export function listPage(res: Response, role: Role, section: string, locals: ListLocals, status = 200) {
  res.status(status).render(`pages/admin/roles/${section}`, { ...locals, role, backLink: { href: roleUrl(role), text: `Back to ${role.title}` } })
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

export function listEditor<Item, Values extends object, Data>(services: Services, editor: ListEditor<Item, Values, Data>): Router {
  const router = Router()
  const { load, saving } = rolePages(services)
  const { section, what, form } = editor
  const listUrl = (role: Role) => roleUrl(role, section)

  router.get(`/:id/${section}`, async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    listPage(res, role, section, editor.list(role))
  })

  const renderItem = (res: Response, role: Role, item: Item | null, values: Values, errors: Errors, status?: number) =>
    renderForm(
      res,
      form.view,
      role,
      {
        title: item === null ? `Add a ${what}: ${role.title}` : `Change a ${what}: ${role.title}`,
        isNew: item === null,
        values,
        errors,
        ...form.locals?.(values),
        backLink: { href: listUrl(role), text: form.back },
      },
      status,
    )

  const submit = async (req: Request, res: Response, role: Role, item: Item | null) => {
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = form.parse(body)
    if (!data) return renderItem(res, role, item, values, errors)
    await saving(
      req,
      res,
      role,
      () => editor.save(req, role, parseVersion(body), item, data),
      (fresh) => renderItem(res, fresh, item, values, { [form.staleField]: STALE_MESSAGE }, 409),
      { flash: `${capitalised(what)} ${item === null ? 'added' : 'saved'}`, redirect: listUrl(role) },
    )
  }

  // Before /:id/<section>/:param, which would otherwise take "new" as an item.
  router.get(`/:id/${section}/new`, async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderItem(res, role, null, form.blank, {})
  })

  router.post(`/:id/${section}/new`, async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    await submit(req, res, role, null)
  })

  router.get(`/:id/${section}/:param`, async (req, res, next) => {
    const role = await load(req)
    const item = role && editor.find(role, paramOf(req))
    if (!role || item === null) return next()
    renderItem(res, role, item, form.values(role, item), {})
  })

  router.post(`/:id/${section}/:param`, async (req, res, next) => {
    const role = await load(req)
    const item = role && editor.find(role, paramOf(req))
    if (!role || item === null) return next()
    await submit(req, res, role, item)
  })

  router.use(
    removePage(services, {
      section,
      find(role, param) {
        const item = editor.find(role, param)
        return item === null ? null : { name: editor.name(role, item), what, remove: (req, version) => editor.remove(req, role, version, item) }
      },
    }),
  )

  return router
}
