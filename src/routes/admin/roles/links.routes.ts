import type { Router } from 'express'
import { removeLink } from '../../../actions/admin/roles/remove-link.ts'
import { saveLink } from '../../../actions/admin/roles/save-link.ts'
import { ROLE_LIMITS } from '../../../forms/role/fields.ts'
import { linkValues, NEW_LINK_VALUES, parseLink } from '../../../forms/role/link.ts'
import type { Services } from '../../../services/index.ts'
import { listEditor } from './list-editor.ts'
import { rolePages } from './role-pages.ts'

const INDEX = /^[1-9]\d{0,2}$/

/** /admin/roles/:id/links: the further reading links on the role page. Links are numbered from 1 in addresses. */
export default function roleLinksRoutes(services: Services): Router {
  const { change } = rolePages(services)
  return listEditor(services, {
    section: 'links',
    what: 'link',
    find: (role, param) => (INDEX.test(param) && role.readingLinks[Number(param) - 1] ? Number(param) : null),
    list: (role) => ({ title: `Further reading: ${role.title}` }),
    form: {
      view: 'link',
      back: 'Back to further reading',
      staleField: 'title',
      blank: NEW_LINK_VALUES,
      values: (role, position) => linkValues(role.readingLinks[position - 1]!),
      parse: parseLink,
      locals: () => ({ limits: ROLE_LIMITS }),
    },
    name: (role, position) => role.readingLinks[position - 1]!.title,
    save: (req, role, version, position, link) => change(req, saveLink, { id: role.id, version, index: position === null ? null : position - 1, link }),
    remove: (req, role, version, position) => change(req, removeLink, { id: role.id, version, index: position - 1 }),
  })
}
