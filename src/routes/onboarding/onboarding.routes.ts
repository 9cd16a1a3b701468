import { Router, type NextFunction, type Request, type Response } from 'express'
import { CHECKLIST_OWNER_LABELS, CHECKLIST_OWNERS, EXECUTIVE_STATUS_COLOURS, EXECUTIVE_STATUS_LABELS, HANDOVER_NOTES_MAX_LENGTH, ITEM_TITLE_MAX_LENGTH, addDays, progressText } from '../../domain/onboarding.ts'
import type { ChecklistOwner } from '../../domain/role-definition.ts'
import { parseDone, parseHandoverNotes, parseItemOwner, parseNewItem, parseTermEnd } from '../../forms/onboarding.ts'
import { errorList, parseVersion, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { activateExecutive } from '../../actions/onboarding/activate-executive.ts'
import { addOnboardingItem } from '../../actions/onboarding/add-onboarding-item.ts'
import { endTerm } from '../../actions/onboarding/end-term.ts'
import { ChecklistItemNotFoundError, ExecutiveEndedError, ExecutiveNotFoundError, StaleExecutiveError } from '../../actions/onboarding/executive-record.ts'
import { reassignOnboardingItem } from '../../actions/onboarding/reassign-onboarding-item.ts'
import { setTermEnd } from '../../actions/onboarding/set-term-end.ts'
import { tickOnboardingItem } from '../../actions/onboarding/tick-onboarding-item.ts'
import { updateHandoverNotes } from '../../actions/onboarding/update-handover-notes.ts'
import type { Actor } from '../../actions/tx.ts'
import { executivePage, type ExecutiveView } from '../../queries/executive-page.ts'
import { onboardingList } from '../../queries/onboarding-list.ts'
import type { Services } from '../../services/index.ts'
import { todayInLondon } from '../../services/role.service.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const VIEWS = 'pages/onboarding'
const CHANGED = 'These details changed while you were looking at them. Check them below, then make your change again.'
const ENDED = 'This executive’s term has ended, so their checklist can no longer change.'

const ownerItems = CHECKLIST_OWNERS.map((owner) => ({ value: owner, text: CHECKLIST_OWNER_LABELS[owner] }))

/** The signed-in community manager, as the actions record them. */
function staff(req: Request): Actor {
  return { type: 'staff', id: req.user!.id }
}

/**
 * The community managers' side of onboarding: every executive's progress, one executive's
 * checklist (tick, reassign, add), their term, handover notes, and marking them active or ended.
 * Changes to the executive carry the version the manager saw: a change made on an old page is
 * refused and the manager is told, never silently overwriting someone else's.
 */
export default function onboardingRoutes(services: Services): Router {
  const router = Router()
  const { act, read } = services
  router.use(requireStaff('community-manager'))

  /** The executive in the path, or a 404 for anything else. */
  async function load(req: Request, next: NextFunction): Promise<ExecutiveView | null> {
    const id = String(req.params.id)
    const view = UUID.test(id) ? await read(executivePage, { executiveId: id }) : null
    if (!view) next()
    return view
  }

  const base = (view: ExecutiveView) => `/onboarding/${view.executive.id}`

  /** Renders one of the executive's form pages; a 400 or 409 when there are errors. */
  function renderForm(res: Response, page: string, view: ExecutiveView, locals: Record<string, unknown>, errors: Errors = {}, status?: number) {
    const hasErrors = Object.keys(errors).length > 0
    res.status(status ?? (hasErrors ? 400 : 200)).render(`${VIEWS}/${page}`, {
      view,
      errors,
      errorList: errorList(errors),
      backLink: { href: base(view), text: `Back to ${view.executive.name}` },
      version: view.executive.version,
      ...locals,
    })
  }

  /**
   * A confirmation page shown again because the record changed: its own error summary says so
   * (with no field to link to), and the errors passed with it start the title with "Error: ".
   */
  const changedProblem = (message: string) => ({ problem: message, errorList: [] })

  /** Maps the actions' refusals to pages; anything else is a real error. */
  async function refused(error: unknown, req: Request, res: Response, next: NextFunction, retry: (fresh: ExecutiveView, message: string) => void): Promise<void> {
    if (error instanceof ExecutiveNotFoundError || error instanceof ChecklistItemNotFoundError) return next()
    if (error instanceof StaleExecutiveError || error instanceof ExecutiveEndedError) {
      const fresh = await read(executivePage, { executiveId: String(req.params.id) })
      if (!fresh) return next()
      return retry(fresh, error instanceof ExecutiveEndedError ? ENDED : CHANGED)
    }
    throw error
  }

  router.get('/', async (_req, res) => {
    const executives = await read(onboardingList, {})
    res.render(`${VIEWS}/list`, { title: 'Onboarding new executives', executives, progressText, statusLabels: EXECUTIVE_STATUS_LABELS })
  })

  router.get('/:id', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    res.render(`${VIEWS}/executive`, {
      title: view.executive.name,
      view,
      progress: progressText(view.done, view.total),
      statusLabels: EXECUTIVE_STATUS_LABELS,
      statusColours: EXECUTIVE_STATUS_COLOURS,
      backLink: { href: '/onboarding', text: 'All executives' },
    })
  })

  // Add an item (before the item routes, whose :itemId would otherwise take "new").
  const newItemLocals = { title: 'Add an item to the checklist', ownerItems, titleLimit: ITEM_TITLE_MAX_LENGTH }

  router.get('/:id/items/new', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    renderForm(res, 'item-new', view, { ...newItemLocals, values: { title: '', owner: '', dueOn: addDays(todayInLondon(), 7) } })
  })

  router.post('/:id/items/new', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    const body = req.body as Record<string, unknown>
    const { values, errors } = parseNewItem(body)
    if (Object.keys(errors).length > 0) return renderForm(res, 'item-new', view, { ...newItemLocals, values, version: parseVersion(body) }, errors)
    try {
      await act(addOnboardingItem, { executiveId: view.executive.id, item: { title: values.title, owner: values.owner as ChecklistOwner, dueOn: values.dueOn }, version: parseVersion(body) }, staff(req))
    } catch (error) {
      return refused(error, req, res, next, (fresh, message) => renderForm(res, 'item-new', fresh, { ...newItemLocals, values }, { title: message }, 409))
    }
    req.session.flash = `‘${values.title}’ has been added to the checklist`
    res.redirect(303, base(view))
  })

  // Tick or untick: the form says which, so a double submission changes nothing more.
  router.post('/:id/items/:itemId', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    const item = view.items.find((candidate) => candidate.id === req.params.itemId)
    const done = parseDone(req.body as Record<string, unknown>)
    if (!item || done === null) return next()
    try {
      const result = await act(tickOnboardingItem, { executiveId: view.executive.id, itemId: item.id, done }, staff(req))
      req.session.flash = result.completed
        ? `Every item is done: ${view.executive.name} is now active. The community managers have been emailed.`
        : `‘${item.title}’ is marked as ${done ? 'done' : 'not done'}`
    } catch (error) {
      if (error instanceof ExecutiveEndedError) return res.status(409).render(`${VIEWS}/problem`, { title: 'This checklist can no longer change', message: ENDED, view })
      return refused(error, req, res, next, () => next(error))
    }
    res.redirect(303, base(view))
  })

  // Reassign an item.
  router.get('/:id/items/:itemId/owner', async (req, res, next) => {
    const view = await load(req, next)
    const item = view?.items.find((candidate) => candidate.id === req.params.itemId)
    if (!view || !item) return next()
    renderForm(res, 'item-owner', view, { title: 'Who does this?', item, values: { owner: item.owner }, ownerItems })
  })

  router.post('/:id/items/:itemId/owner', async (req, res, next) => {
    const view = await load(req, next)
    const item = view?.items.find((candidate) => candidate.id === req.params.itemId)
    if (!view || !item) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors } = parseItemOwner(body)
    const locals = { title: 'Who does this?', item, values, ownerItems }
    if (Object.keys(errors).length > 0) return renderForm(res, 'item-owner', view, { ...locals, version: parseVersion(body) }, errors)
    try {
      await act(reassignOnboardingItem, { executiveId: view.executive.id, itemId: item.id, owner: values.owner as ChecklistOwner, version: parseVersion(body) }, staff(req))
    } catch (error) {
      return refused(error, req, res, next, (fresh, message) => renderForm(res, 'item-owner', fresh, locals, { owner: message }, 409))
    }
    req.session.flash = `‘${item.title}’ is now for the ${CHECKLIST_OWNER_LABELS[values.owner as ChecklistOwner].toLowerCase()}`
    res.redirect(303, base(view))
  })

  // The end of the term.
  router.get('/:id/term', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    renderForm(res, 'term', view, { title: 'When does the term end?', values: { termEndsOn: view.executive.termEndsOn } })
  })

  router.post('/:id/term', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    const body = req.body as Record<string, unknown>
    const { values, errors } = parseTermEnd(body, view.executive.startsOn)
    const locals = { title: 'When does the term end?', values }
    if (Object.keys(errors).length > 0) return renderForm(res, 'term', view, { ...locals, version: parseVersion(body) }, errors)
    try {
      await act(setTermEnd, { executiveId: view.executive.id, termEndsOn: values.termEndsOn, version: parseVersion(body) }, staff(req))
    } catch (error) {
      return refused(error, req, res, next, (fresh, message) => renderForm(res, 'term', fresh, locals, { termEndsOn: message }, 409))
    }
    req.session.flash = 'The end of the term has been changed'
    res.redirect(303, base(view))
  })

  // Handover notes.
  const handoverLocals = { title: 'Handover notes', limit: HANDOVER_NOTES_MAX_LENGTH }

  router.get('/:id/handover', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    renderForm(res, 'handover', view, { ...handoverLocals, values: { handoverNotes: view.executive.handoverNotes ?? '' } })
  })

  router.post('/:id/handover', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    const body = req.body as Record<string, unknown>
    const { values, errors } = parseHandoverNotes(body)
    if (Object.keys(errors).length > 0) return renderForm(res, 'handover', view, { ...handoverLocals, values, version: parseVersion(body) }, errors)
    try {
      await act(updateHandoverNotes, { executiveId: view.executive.id, notes: values.handoverNotes || null, version: parseVersion(body) }, staff(req))
    } catch (error) {
      return refused(error, req, res, next, (fresh, message) => renderForm(res, 'handover', fresh, { ...handoverLocals, values }, { handoverNotes: message }, 409))
    }
    req.session.flash = 'The handover notes have been saved'
    res.redirect(303, base(view))
  })

  // Mark active before every item is done (when the last one is ticked, it happens by itself).
  router.get('/:id/activate', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    if (view.executive.status !== 'onboarding') return res.redirect(303, base(view))
    renderForm(res, 'activate', view, { title: `Mark ${view.executive.name} as active?`, remaining: view.items.filter((item) => !item.done) })
  })

  router.post('/:id/activate', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    try {
      await act(activateExecutive, { executiveId: view.executive.id, version: parseVersion(req.body as Record<string, unknown>) }, staff(req))
    } catch (error) {
      return refused(error, req, res, next, (fresh, message) =>
        fresh.executive.status === 'onboarding'
          ? renderForm(res, 'activate', fresh, { title: `Mark ${fresh.executive.name} as active?`, remaining: fresh.items.filter((item) => !item.done), ...changedProblem(message) }, { problem: message }, 409)
          : res.status(409).render(`${VIEWS}/problem`, { title: 'This executive is no longer getting started', message: CHANGED, view: fresh }),
      )
    }
    req.session.flash = `${view.executive.name} is now active. The community managers have been emailed.`
    res.redirect(303, base(view))
  })

  // End the term now.
  router.get('/:id/end', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    if (view.executive.status === 'ended') return res.redirect(303, base(view))
    renderForm(res, 'end', view, { title: `End ${view.executive.name}’s term?` })
  })

  router.post('/:id/end', async (req, res, next) => {
    const view = await load(req, next)
    if (!view) return
    try {
      await act(endTerm, { executiveId: view.executive.id, version: parseVersion(req.body as Record<string, unknown>) }, staff(req))
    } catch (error) {
      return refused(error, req, res, next, (fresh, message) =>
        fresh.executive.status === 'ended'
          ? res.status(409).render(`${VIEWS}/problem`, { title: 'This term has already ended', message: ENDED, view: fresh })
          : renderForm(res, 'end', fresh, { title: `End ${fresh.executive.name}’s term?`, ...changedProblem(message) }, { problem: message }, 409),
      )
    }
    req.session.flash = `${view.executive.name}’s term has ended. They are no longer on the team page.`
    res.redirect(303, base(view))
  })

  return router
}
