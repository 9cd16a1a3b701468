import { Router, type Response } from 'express'
import { removeLink } from '../../../actions/admin/roles/remove-link.ts'
import { saveLink } from '../../../actions/admin/roles/save-link.ts'
import type { Role } from '../../../entities/index.ts'
import { ROLE_LIMITS } from '../../../forms/role/fields.ts'
import { linkValues, NEW_LINK_VALUES, parseLink } from '../../../forms/role/link.ts'
import { parseVersion, type Errors } from '../../../forms/validation.ts'
import type { Services } from '../../../services/index.ts'
import { removePage } from './remove-page.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

const INDEX = /^[1-9]\d{0,2}$/

/** Links are numbered from 1 in addresses. */
const findLink = (role: Role, param: string) => (INDEX.test(param) && role.readingLinks[Number(param) - 1] ? Number(param) : null)

/** /admin/roles/:id/links: the further reading links on the role page. */
export default function roleLinksRoutes(services: Services): Router {
  const router = Router()
  const { load, saving, change } = rolePages(services)

  const renderLinks = (res: Response, role: Role) =>
    res.render('pages/admin/roles/links', { title: `Further reading: ${role.title}`, role, backLink: { href: roleUrl(role), text: `Back to ${role.title}` } })

  router.get('/:id/links', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderLinks(res, role)
  })

  const renderLink = (res: Response, role: Role, position: number | null, values: typeof NEW_LINK_VALUES, errors: Errors, status?: number) =>
    renderForm(
      res,
      'link',
      role,
      {
        title: position ? `Change a link: ${role.title}` : `Add a link: ${role.title}`,
        isNew: position === null,
        values,
        errors,
        limits: ROLE_LIMITS,
        backLink: { href: roleUrl(role, 'links'), text: 'Back to further reading' },
      },
      status,
    )

  router.get('/:id/links/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderLink(res, role, null, NEW_LINK_VALUES, {})
  })

  router.post('/:id/links/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseLink(body)
    if (!data) return renderLink(res, role, null, values, errors)
    await saving(req, res, role, () => change(req, saveLink, { id: role.id, version: parseVersion(body), index: null, link: data }), (fresh) => renderLink(res, fresh, null, values, { title: STALE_MESSAGE }, 409), {
      flash: 'Link added',
      redirect: roleUrl(role, 'links'),
    })
  })

  router.get('/:id/links/:position', async (req, res, next) => {
    const role = await load(req)
    const position = role && findLink(role, String(req.params.position))
    if (!role || !position) return next()
    renderLink(res, role, position, linkValues(role.readingLinks[position - 1]!), {})
  })

  router.post('/:id/links/:position', async (req, res, next) => {
    const role = await load(req)
    const position = role && findLink(role, String(req.params.position))
    if (!role || !position) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseLink(body)
    if (!data) return renderLink(res, role, position, values, errors)
    await saving(
      req,
      res,
      role,
      () => change(req, saveLink, { id: role.id, version: parseVersion(body), index: position - 1, link: data }),
      (fresh) => renderLink(res, fresh, position, values, { title: STALE_MESSAGE }, 409),
      { flash: 'Link saved', redirect: roleUrl(role, 'links') },
    )
  })

  router.use(
    removePage(services, {
      section: 'links',
      find(role, param) {
        const position = findLink(role, param)
        return position
          ? { name: role.readingLinks[position - 1]!.title, what: 'link', remove: (req, version) => change(req, removeLink, { id: role.id, version, index: position - 1 }) }
          : null
      },
    }),
  )

  return router
}
