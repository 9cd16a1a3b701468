import { Router, type Response } from 'express'
import { updateResponsibilities } from '../../../actions/admin/roles/update-responsibilities.ts'
import { updateSkills } from '../../../actions/admin/roles/update-skills.ts'
import type { Role } from '../../../entities/index.ts'
import { parseResponsibilities, parseSkills } from '../../../forms/role/lists.ts'
import { parseVersion, type Errors } from '../../../forms/validation.ts'
import type { Services } from '../../../services/index.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

const LINE_SECTIONS = {
  responsibilities: {
    heading: 'Responsibilities',
    hint: 'What the person in this role does. Put each responsibility on a new line. They are listed on the role page in this order.',
    parse: parseResponsibilities,
  },
  skills: {
    heading: 'Skills this role draws on',
    hint: 'Put each skill on a new line, for example HTML/CSS. Applicants choose from these, and they are used to suggest roles that suit people.',
    parse: parseSkills,
  },
} as const

type LineSection = keyof typeof LINE_SECTIONS

/** /admin/roles/:id/responsibilities and /admin/roles/:id/skills: one per line, on one page each. */
export default function roleLinesRoutes(services: Services): Router {
  const router = Router()
  const { load, saving, change } = rolePages(services)

  for (const section of Object.keys(LINE_SECTIONS) as LineSection[]) {
    const { heading, hint, parse } = LINE_SECTIONS[section]
    const render = (res: Response, role: Role, value: string, errors: Errors, status?: number) =>
      renderForm(res, 'lines', role, { title: `${heading}: ${role.title}`, heading, hint, field: section, values: { [section]: value }, errors }, status)

    router.get(`/:id/${section}`, async (req, res, next) => {
      const role = await load(req)
      if (!role) return next()
      render(res, role, role[section].join('\n'), {})
    })

    router.post(`/:id/${section}`, async (req, res, next) => {
      const role = await load(req)
      if (!role) return next()
      const body = req.body as Record<string, unknown>
      const { values, errors, data } = parse(body)
      const typed = values[section] ?? ''
      if (!data) return render(res, role, typed, errors)
      const version = { id: role.id, version: parseVersion(body) }
      const save = () =>
        section === 'responsibilities'
          ? change(req, updateResponsibilities, { ...version, responsibilities: data })
          : change(req, updateSkills, { ...version, skills: data })
      await saving(req, res, role, save, (fresh) => render(res, fresh, typed, { [section]: STALE_MESSAGE }, 409), {
        flash: `${heading} saved`,
        redirect: roleUrl(role),
      })
    })
  }

  return router
}
