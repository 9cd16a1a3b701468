import { Router, type Request, type Response } from 'express'
import { QUESTION_TYPES, ROLE_STATUS_LABELS, type RoleStatus } from '../../domain/role-definition.ts'
import type { Role } from '../../entities/index.ts'
import {
  CHECKLIST_OWNER_LABELS,
  checklistValues,
  closesOnError,
  linkValues,
  NEW_CHECKLIST_VALUES,
  NEW_LINK_VALUES,
  NEW_QUESTION_VALUES,
  NEW_ROLE_VALUES,
  parseChecklistItem,
  parseCriteria,
  parseLink,
  parseQuestion,
  parseResponsibilities,
  parseRoleDetails,
  parseSkills,
  QUESTION_TYPE_LABELS,
  questionValues,
  ROLE_LIMITS,
  roleDetailsValues,
  SLUG_PATTERN,
  type DatePart,
} from '../../forms/role.ts'
import { asString, errorList, parseVersion, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import type { Services } from '../../services/index.ts'
import {
  canTakeAction,
  IllegalRoleTransitionError,
  openingProblems,
  ROLE_ACTIONS,
  RoleNotFoundError,
  RoleNotReadyError,
  SlugTakenError,
  StaleRoleError,
  type OpeningProblem,
  type RoleAction,
} from '../../services/role-admin.service.ts'
import { isRoleOpen, todayInLondon } from '../../services/role.service.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const INDEX = /^[1-9]\d{0,2}$/

const STALE_MESSAGE =
  'Someone else changed this role while you had this page open, so your changes have not been saved. What you entered is below: check it, then save again.'
const SLUG_TAKEN_MESSAGE = 'Another role already uses this web address'

export const ROLE_STATUS_TAG_COLOURS: Record<RoleStatus, string> = { draft: 'white', open: 'green', closed: 'orange', archived: 'grey' }

const ACTION_PAGES: Record<RoleAction, { heading: (title: string) => string; button: string; done: string }> = {
  open: { heading: (title) => `Open ${title} for applications?`, button: 'Open role', done: 'is open for applications' },
  close: { heading: (title) => `Close ${title}?`, button: 'Close role', done: 'is closed: it no longer takes applications' },
  archive: { heading: (title) => `Archive ${title}?`, button: 'Archive role', done: 'has been archived' },
}

const LINE_SECTIONS = {
  responsibilities: {
    heading: 'Responsibilities',
    hint: 'What the person in this role does. Put each responsibility on a new line. They are listed on the role page in this order.',
    parse: parseResponsibilities,
    save: 'updateResponsibilities',
  },
  skills: {
    heading: 'Skills this role draws on',
    hint: 'Put each skill on a new line, for example HTML/CSS. Applicants choose from these, and they are used to suggest roles that suit people.',
    parse: parseSkills,
    save: 'updateSkills',
  },
} as const

type LineSection = keyof typeof LINE_SECTIONS

function roleUrl(role: Pick<Role, 'id'>, section = ''): string {
  return `/admin/roles/${role.id}${section ? `/${section}` : ''}`
}

/** The item in a remove page's address (the path is built in a loop, so Express cannot type it). */
function paramOf(req: Request): string {
  return String((req.params as Record<string, string | undefined>).param)
}

function hasErrors(errors: Errors): boolean {
  return Object.keys(errors).length > 0
}

/** Role definitions for community managers: create, change every part, preview, open, close, archive. */
export default function adminRoleRoutes(services: Services): Router {
  const router = Router()
  router.use('/admin/roles', requireStaff('community-manager'))

  /** The role in the URL; null (so a 404) when there is none, or when it is archived and `editable`. */
  async function load(req: Request, editable = true): Promise<Role | null> {
    const id = String(req.params.id)
    const role = UUID.test(id) ? await services.roleAdmin.findById(id) : null
    if (!role || (editable && role.status === 'archived')) return null
    return role
  }

  /**
   * Renders a form page about a role. `values` are what the person typed (kept on errors);
   * the hidden version is always the role's current one, so after a stale edit saving again
   * is a deliberate choice made with the refusal in front of them.
   */
  function renderForm(res: Response, view: string, role: Role | null, locals: { title: string; values: object; errors: Errors; [key: string]: unknown }, status?: number) {
    res.status(status ?? (hasErrors(locals.errors) ? 400 : 200)).render(`pages/admin/roles/${view}`, {
      role,
      version: role?.version ?? null,
      errorList: errorList(locals.errors),
      backLink: role ? { href: roleUrl(role), text: `Back to ${role.title}` } : { href: '/admin/roles', text: 'Back to roles' },
      formAction: res.req.originalUrl.split('?')[0],
      ...locals,
    })
  }

  /** Runs a change; a stale version re-renders the form with what was typed and a 409. */
  async function saving(
    req: Request,
    res: Response,
    role: Role,
    work: () => Promise<Role>,
    onStale: (fresh: Role) => void,
    done: { flash: string; redirect: string },
  ): Promise<void> {
    try {
      await work()
    } catch (error) {
      if (error instanceof StaleRoleError) {
        const fresh = await services.roleAdmin.findById(role.id)
        if (!fresh || fresh.status === 'archived') return void res.redirect(303, fresh ? roleUrl(fresh) : '/admin/roles')
        return onStale(fresh)
      }
      if (error instanceof RoleNotFoundError) return void res.redirect(303, roleUrl(role))
      throw error
    }
    req.session.flash = done.flash
    res.redirect(303, done.redirect)
  }

  // --- The list and a new role ---------------------------------------------------------------

  router.get('/admin/roles', async (_req, res) => {
    res.render('pages/admin/roles/index', {
      title: 'Roles',
      roles: await services.roleAdmin.list(),
      today: todayInLondon(),
      statusLabels: ROLE_STATUS_LABELS,
      tagColours: ROLE_STATUS_TAG_COLOURS,
    })
  })

  const detailsLocals = (values: object, errors: Errors, closesOnParts: DatePart[] = []) => ({
    values,
    errors,
    closesOnParts,
    closesOnMessage: closesOnError(errors),
    limits: ROLE_LIMITS,
  })

  router.get('/admin/roles/new', (_req, res) => {
    renderForm(res, 'details', null, { title: 'Create a role', slugEditable: true, ...detailsLocals(NEW_ROLE_VALUES, {}) })
  })

  router.post('/admin/roles/new', async (req, res) => {
    const parsed = parseRoleDetails(req.body as Record<string, unknown>, { slugEditable: true, today: todayInLondon() })
    const render = (errors: Errors) =>
      renderForm(res, 'details', null, { title: 'Create a role', slugEditable: true, ...detailsLocals(parsed.values, errors, parsed.closesOnParts) })
    if (!parsed.data) return render(parsed.errors)
    let role: Role
    try {
      role = await services.roleAdmin.create({ ...parsed.data, slug: parsed.data.slug! }, req.user!)
    } catch (error) {
      if (error instanceof SlugTakenError) return render({ slug: SLUG_TAKEN_MESSAGE })
      throw error
    }
    req.session.flash = `${role.title} has been created as a draft. Add its responsibilities, criteria and questions, then open it.`
    res.redirect(303, roleUrl(role))
  })

  // --- One role: overview and preview ----------------------------------------------------------

  router.get('/admin/roles/:id', async (req, res, next) => {
    const role = await load(req, false)
    if (!role) return next()
    const today = todayInLondon()
    res.render('pages/admin/roles/show', {
      title: role.title,
      role,
      today,
      statusLabel: ROLE_STATUS_LABELS[role.status],
      tagColour: ROLE_STATUS_TAG_COLOURS[role.status],
      pastClosingDate: role.status === 'open' && !isRoleOpen(role),
      actions: (Object.keys(ROLE_ACTIONS) as RoleAction[]).filter((action) => canTakeAction(role.status, action)),
      actionButtons: { open: 'Open role', close: 'Close role', archive: 'Archive role' },
      questionTypeLabels: QUESTION_TYPE_LABELS,
      ownerLabels: CHECKLIST_OWNER_LABELS,
      backLink: { href: '/admin/roles', text: 'Back to roles' },
    })
  })

  // The public role page exactly as the public would see it (a draft as it will look once open),
  // with a banner saying it is a preview.
  router.get('/admin/roles/:id/preview', async (req, res, next) => {
    const role = await load(req, false)
    if (!role) return next()
    const publicRole = { ...role, isOpen: role.status === 'draft' ? true : isRoleOpen(role) }
    const banner = await new Promise<string>((resolve, reject) =>
      res.render('pages/admin/roles/preview-banner', { role, statusLabel: ROLE_STATUS_LABELS[role.status] }, (error: Error | null, html?: string) =>
        error ? reject(error) : resolve(html ?? ''),
      ),
    )
    res.render('pages/public/role', { role: publicRole }, (error: Error | null, html?: string) => {
      if (error) return next(error)
      const main = /<main\b[^>]*>/.exec(html ?? '')
      res.send(main ? html!.replace(main[0], main[0] + banner) : html)
    })
  })

  // --- Details ---------------------------------------------------------------------------------

  const detailsPage = (role: Role) => ({ title: `Change ${role.title}`, slugEditable: role.status === 'draft' })

  router.get('/admin/roles/:id/details', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderForm(res, 'details', role, { ...detailsPage(role), ...detailsLocals(roleDetailsValues(role), {}) })
  })

  router.post('/admin/roles/:id/details', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const parse = (current: Role) =>
      parseRoleDetails(body, { slugEditable: current.status === 'draft', currentSlug: current.slug, currentClosesOn: current.closesOn, today: todayInLondon() })
    const parsed = parse(role)
    const render = (current: Role, errors: Errors, status?: number) =>
      renderForm(res, 'details', current, { ...detailsPage(current), ...detailsLocals(parsed.values, errors, parsed.closesOnParts) }, status)
    if (!parsed.data) return render(role, parsed.errors)
    const data = parsed.data
    try {
      await saving(req, res, role, () => services.roleAdmin.updateDetails(role.id, parseVersion(body), data, req.user!), (fresh) => render(fresh, { title: STALE_MESSAGE }, 409), {
        flash: 'The role’s details have been saved',
        redirect: roleUrl(role),
      })
    } catch (error) {
      if (error instanceof SlugTakenError) return render(role, { slug: SLUG_TAKEN_MESSAGE })
      throw error
    }
  })

  // --- Responsibilities and skills (one per line) ----------------------------------------------

  for (const section of Object.keys(LINE_SECTIONS) as LineSection[]) {
    const { heading, hint, parse, save } = LINE_SECTIONS[section]
    const render = (res: Response, role: Role, value: string, errors: Errors, status?: number) =>
      renderForm(res, 'lines', role, { title: `${heading}: ${role.title}`, heading, hint, field: section, values: { [section]: value }, errors }, status)

    router.get(`/admin/roles/:id/${section}`, async (req, res, next) => {
      const role = await load(req)
      if (!role) return next()
      render(res, role, role[section].join('\n'), {})
    })

    router.post(`/admin/roles/:id/${section}`, async (req, res, next) => {
      const role = await load(req)
      if (!role) return next()
      const body = req.body as Record<string, unknown>
      const { values, errors, data } = parse(body)
      const typed = values[section] ?? ''
      if (!data) return render(res, role, typed, errors)
      await saving(req, res, role, () => services.roleAdmin[save](role.id, parseVersion(body), data, req.user!), (fresh) => render(res, fresh, typed, { [section]: STALE_MESSAGE }, 409), {
        flash: `${heading} saved`,
        redirect: roleUrl(role),
      })
    })
  }

  // --- Criteria --------------------------------------------------------------------------------

  const renderCriteria = (res: Response, role: Role, values: object, errors: Errors, status?: number) =>
    renderForm(res, 'criteria', role, { title: `Criteria: ${role.title}`, values, errors }, status)

  router.get('/admin/roles/:id/criteria', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const text = (kind: string) => role.criteria.filter((criterion) => criterion.kind === kind).map((criterion) => criterion.text).join('\n')
    renderCriteria(res, role, { essential: text('essential'), desirable: text('desirable') }, {})
  })

  router.post('/admin/roles/:id/criteria', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseCriteria(body)
    if (!data) return renderCriteria(res, role, values, errors)
    await saving(req, res, role, () => services.roleAdmin.updateCriteria(role.id, parseVersion(body), data, req.user!), (fresh) => renderCriteria(res, fresh, values, { essential: STALE_MESSAGE }, 409), {
      flash: 'Criteria saved',
      redirect: roleUrl(role),
    })
  })

  // --- Questions: a list for ordering, one page per question ----------------------------------

  const renderQuestions = (res: Response, role: Role, problem: string | null = null, status?: number) =>
    res.status(status ?? 200).render('pages/admin/roles/questions', {
      title: `Questions: ${role.title}`,
      role,
      version: role.version,
      problem,
      errors: problem ? { problem } : {},
      questionTypeLabels: QUESTION_TYPE_LABELS,
      backLink: { href: roleUrl(role), text: `Back to ${role.title}` },
    })

  router.get('/admin/roles/:id/questions', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderQuestions(res, role)
  })

  // Move up or down: the buttons on the list page.
  router.post('/admin/roles/:id/questions', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const [direction, key] = asString(body.move).split(':')
    if ((direction !== 'up' && direction !== 'down') || !key || !role.questions.some((question) => question.key === key)) {
      return res.redirect(303, roleUrl(role, 'questions'))
    }
    const label = role.questions.find((question) => question.key === key)!.label
    await saving(
      req,
      res,
      role,
      () => services.roleAdmin.moveQuestion(role.id, parseVersion(body), key, direction, req.user!),
      (fresh) => renderQuestions(res, fresh, 'Someone else changed this role while you had this page open, so nothing was moved. The list below is up to date: try again.', 409),
      { flash: `‘${label}’ moved ${direction}`, redirect: roleUrl(role, 'questions') },
    )
  })

  const questionTypeItems = (values: { type: string }) =>
    QUESTION_TYPES.map((type) => ({ value: type, text: QUESTION_TYPE_LABELS[type], checked: values.type === type }))

  const renderQuestion = (res: Response, role: Role, key: string | null, values: typeof NEW_QUESTION_VALUES, errors: Errors, status?: number) =>
    renderForm(
      res,
      'question',
      role,
      {
        title: key ? `Change a question: ${role.title}` : `Add a question: ${role.title}`,
        isNew: key === null,
        values,
        errors,
        typeItems: questionTypeItems(values),
        limits: ROLE_LIMITS,
        backLink: { href: roleUrl(role, 'questions'), text: 'Back to questions' },
      },
      status,
    )

  router.get('/admin/roles/:id/questions/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderQuestion(res, role, null, NEW_QUESTION_VALUES, {})
  })

  router.post('/admin/roles/:id/questions/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseQuestion(body)
    if (!data) return renderQuestion(res, role, null, values, errors)
    await saving(req, res, role, () => services.roleAdmin.saveQuestion(role.id, parseVersion(body), null, data, req.user!), (fresh) => renderQuestion(res, fresh, null, values, { label: STALE_MESSAGE }, 409), {
      flash: 'Question added',
      redirect: roleUrl(role, 'questions'),
    })
  })

  const findQuestion = (role: Role, key: string) => (SLUG_PATTERN.test(key) ? (role.questions.find((question) => question.key === key) ?? null) : null)

  router.get('/admin/roles/:id/questions/:key', async (req, res, next) => {
    const role = await load(req)
    const question = role && findQuestion(role, String(req.params.key))
    if (!role || !question) return next()
    renderQuestion(res, role, question.key, questionValues(question), {})
  })

  router.post('/admin/roles/:id/questions/:key', async (req, res, next) => {
    const role = await load(req)
    const question = role && findQuestion(role, String(req.params.key))
    if (!role || !question) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseQuestion(body)
    if (!data) return renderQuestion(res, role, question.key, values, errors)
    await saving(
      req,
      res,
      role,
      () => services.roleAdmin.saveQuestion(role.id, parseVersion(body), question.key, data, req.user!),
      (fresh) => renderQuestion(res, fresh, question.key, values, { label: STALE_MESSAGE }, 409),
      { flash: 'Question saved', redirect: roleUrl(role, 'questions') },
    )
  })

  // --- Further reading links -------------------------------------------------------------------

  const renderLinks = (res: Response, role: Role) =>
    res.render('pages/admin/roles/links', { title: `Further reading: ${role.title}`, role, backLink: { href: roleUrl(role), text: `Back to ${role.title}` } })

  router.get('/admin/roles/:id/links', async (req, res, next) => {
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

  router.get('/admin/roles/:id/links/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderLink(res, role, null, NEW_LINK_VALUES, {})
  })

  router.post('/admin/roles/:id/links/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseLink(body)
    if (!data) return renderLink(res, role, null, values, errors)
    await saving(req, res, role, () => services.roleAdmin.saveLink(role.id, parseVersion(body), null, data, req.user!), (fresh) => renderLink(res, fresh, null, values, { title: STALE_MESSAGE }, 409), {
      flash: 'Link added',
      redirect: roleUrl(role, 'links'),
    })
  })

  /** Links are numbered from 1 in addresses. */
  const findLink = (role: Role, param: string) => (INDEX.test(param) && role.readingLinks[Number(param) - 1] ? Number(param) : null)

  router.get('/admin/roles/:id/links/:position', async (req, res, next) => {
    const role = await load(req)
    const position = role && findLink(role, String(req.params.position))
    if (!role || !position) return next()
    renderLink(res, role, position, linkValues(role.readingLinks[position - 1]!), {})
  })

  router.post('/admin/roles/:id/links/:position', async (req, res, next) => {
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
      () => services.roleAdmin.saveLink(role.id, parseVersion(body), position - 1, data, req.user!),
      (fresh) => renderLink(res, fresh, position, values, { title: STALE_MESSAGE }, 409),
      { flash: 'Link saved', redirect: roleUrl(role, 'links') },
    )
  })

  // --- Onboarding checklist template -----------------------------------------------------------

  router.get('/admin/roles/:id/checklist', async (req, res, next) => {
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

  router.get('/admin/roles/:id/checklist/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderChecklistItem(res, role, null, NEW_CHECKLIST_VALUES, {})
  })

  router.post('/admin/roles/:id/checklist/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseChecklistItem(body)
    if (!data) return renderChecklistItem(res, role, null, values, errors)
    await saving(
      req,
      res,
      role,
      () => services.roleAdmin.saveChecklistItem(role.id, parseVersion(body), null, data, req.user!),
      (fresh) => renderChecklistItem(res, fresh, null, values, { title: STALE_MESSAGE }, 409),
      { flash: 'Checklist item added', redirect: roleUrl(role, 'checklist') },
    )
  })

  const findItem = (role: Role, key: string) => (SLUG_PATTERN.test(key) ? (role.checklistTemplate.find((item) => item.key === key) ?? null) : null)

  router.get('/admin/roles/:id/checklist/:key', async (req, res, next) => {
    const role = await load(req)
    const item = role && findItem(role, String(req.params.key))
    if (!role || !item) return next()
    renderChecklistItem(res, role, item.key, checklistValues(item), {})
  })

  router.post('/admin/roles/:id/checklist/:key', async (req, res, next) => {
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
      () => services.roleAdmin.saveChecklistItem(role.id, parseVersion(body), item.key, data, req.user!),
      (fresh) => renderChecklistItem(res, fresh, item.key, values, { title: STALE_MESSAGE }, 409),
      { flash: 'Checklist item saved', redirect: roleUrl(role, 'checklist') },
    )
  })

  // --- Removing a question, link or checklist item: each asks first ---------------------------

  interface Removable {
    path: string
    find(role: Role, param: string): { name: string; what: string; remove: (version: number, by: Express.User) => Promise<Role> } | null
    back: string
  }

  const removables: Removable[] = [
    {
      path: 'questions/:param/remove',
      back: 'questions',
      find(role, param) {
        const question = findQuestion(role, param)
        return question
          ? { name: question.label, what: 'question', remove: (version, by) => services.roleAdmin.removeQuestion(role.id, version, question.key, by) }
          : null
      },
    },
    {
      path: 'links/:param/remove',
      back: 'links',
      find(role, param) {
        const position = findLink(role, param)
        return position
          ? { name: role.readingLinks[position - 1]!.title, what: 'link', remove: (version, by) => services.roleAdmin.removeLink(role.id, version, position - 1, by) }
          : null
      },
    },
    {
      path: 'checklist/:param/remove',
      back: 'checklist',
      find(role, param) {
        const item = findItem(role, param)
        return item
          ? { name: item.title, what: 'checklist item', remove: (version, by) => services.roleAdmin.removeChecklistItem(role.id, version, item.key, by) }
          : null
      },
    },
  ]

  for (const removable of removables) {
    const render = (res: Response, role: Role, target: { name: string; what: string }, problem: string | null = null, status = 200) =>
      res.status(status).render('pages/admin/roles/remove', {
        title: `Remove a ${target.what}: ${role.title}`,
        role,
        version: role.version,
        target,
        problem,
        errors: problem ? { problem } : {},
        formAction: res.req.originalUrl.split('?')[0],
        cancelHref: roleUrl(role, removable.back),
        pastApplicationsNote: target.what === 'question',
        backLink: { href: roleUrl(role, removable.back), text: 'Back' },
      })

    router.get(`/admin/roles/:id/${removable.path}`, async (req, res, next) => {
      const role = await load(req)
      const target = role && removable.find(role, paramOf(req))
      if (!role || !target) return next()
      render(res, role, target)
    })

    router.post(`/admin/roles/:id/${removable.path}`, async (req, res, next) => {
      const role = await load(req)
      const target = role && removable.find(role, paramOf(req))
      if (!role || !target) return next()
      const body = req.body as Record<string, unknown>
      await saving(
        req,
        res,
        role,
        () => target.remove(parseVersion(body), req.user!),
        (fresh) => {
          const again = removable.find(fresh, paramOf(req))
          if (!again) return void res.redirect(303, roleUrl(fresh, removable.back))
          render(res, fresh, again, 'Someone else changed this role while you had this page open, so nothing was removed. Check that this is still the one to remove.', 409)
        },
        { flash: `‘${target.name}’ has been removed`, redirect: roleUrl(role, removable.back) },
      )
    })
  }

  // --- Open, close, archive --------------------------------------------------------------------

  for (const action of Object.keys(ROLE_ACTIONS) as RoleAction[]) {
    const page = ACTION_PAGES[action]
    const render = (res: Response, role: Role, options: { problems?: OpeningProblem[]; problem?: string | null; status?: number } = {}) => {
      const problems = options.problems ?? (action === 'open' ? openingProblems(role, todayInLondon()) : [])
      const errorItems = options.status && options.status >= 400 ? problems.map((p) => ({ text: p.text, href: roleUrl(role, p.section) })) : []
      res.status(options.status ?? 200).render('pages/admin/roles/status', {
        title: page.heading(role.title),
        role,
        version: role.version,
        action,
        canAct: canTakeAction(role.status, action),
        heading: page.heading(role.title),
        button: page.button,
        problems,
        problem: options.problem ?? null,
        errorItems,
        errors: options.problem || errorItems.length > 0 ? { problem: options.problem ?? 'not ready' } : {},
        formAction: roleUrl(role, action),
        backLink: { href: roleUrl(role), text: `Back to ${role.title}` },
      })
    }

    router.get(`/admin/roles/:id/${action}`, async (req, res, next) => {
      const role = await load(req, false)
      if (!role || !canTakeAction(role.status, action)) return next()
      render(res, role)
    })

    router.post(`/admin/roles/:id/${action}`, async (req, res, next) => {
      const role = await load(req, false)
      if (!role) return next()
      const body = req.body as Record<string, unknown>
      try {
        await services.roleAdmin.changeStatus(role.id, parseVersion(body), action, req.user!)
      } catch (error) {
        const fresh = (await services.roleAdmin.findById(role.id)) ?? role
        if (error instanceof RoleNotReadyError) return render(res, fresh, { problems: error.problems, status: 400 })
        if (error instanceof StaleRoleError || error instanceof IllegalRoleTransitionError) {
          const problem = canTakeAction(fresh.status, action)
            ? 'Someone else changed this role while you had this page open, so nothing was changed. Check the role, then try again.'
            : `Someone else changed this role while you had this page open, so nothing was changed. It is now ${ROLE_STATUS_LABELS[fresh.status].toLowerCase()}.`
          return render(res, fresh, { problem, status: 409 })
        }
        throw error
      }
      req.session.flash = `${role.title} ${page.done}`
      res.redirect(303, roleUrl(role))
    })
  }

  return router
}
