import { Router, type Request } from 'express'
import type { ApplyAnswers } from '../../domain/application-answers.ts'
import { applicableSteps, chosenRoles, isAnswered, isFormPage, skillOptions, validateAll, type FormContext, type Step } from '../../forms/apply/steps.ts'
import { matchRoles, suggestedRoles } from '../../domain/matching.ts'
import { prefillFromMatch, profileFromApplyAnswers } from '../../forms/match.ts'
import { RolesAlreadyHeldError, RolesClosedError, RolesFilledError, submitApplication } from '../../actions/apply/submit-application.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'
import { tooManyPage } from '../../middleware/rate-limits.ts'
import { keepCsrfTokenInSession } from '../../middleware/setUpCsrf.ts'
import { normaliseEmail } from '../../domain/text.ts'
import { answersOf, clearDraftCookie, formOf, hasApplication, keepInDraft } from './application-form.ts'
import { BASE, formPages, stepUrl } from './form-pages.ts'

/** What the role choice says when the chosen roles cannot be applied for after all; null for any other error. */
function refusalMessage(error: unknown): string | null {
  if (error instanceof RolesClosedError) {
    return error.roleTitles.length === 1
      ? `The ${error.roleTitles[0]} role has closed to applications. Choose another role.`
      : `These roles have closed to applications: ${error.roleTitles.join(', ')}. Choose other roles.`
  }
  if (error instanceof RolesFilledError) {
    return error.roleTitles.length === 1
      ? `All places in the ${error.roleTitles[0]} role have been filled, so it is not taking applications. Choose another role.`
      : `All places in these roles have been filled, so they are not taking applications: ${error.roleTitles.join(', ')}. Choose other roles.`
  }
  if (error instanceof RolesAlreadyHeldError) {
    return error.roleTitles.length === 1
      ? `You already hold the ${error.roleTitles[0]} role, so you cannot apply for it again. Choose a different role.`
      : `You already hold these roles, so you cannot apply for them again: ${error.roleTitles.join(', ')}. Choose a different role.`
  }
  return null
}

export default function applyRoutes(services: Services): Router {
  const router = Router()
  const { formContext, nextUrl, renderStep, renderCheck } = formPages(services)

  // Start: "Apply for this role" lands here with ?role=slug, which preselects it. From the /match
  // results (&from=match) it also carries over the answers given there, so they are not asked twice.
  router.get('/', async (req, res) => {
    const context = await formContext()
    const answers: ApplyAnswers = { ...answersOf(req) }
    const slug = typeof req.query.role === 'string' ? req.query.role : ''
    let changed = false
    if (context.openRoles.some((role) => role.slug === slug) && !(answers.roles ?? []).includes(slug)) {
      answers.roles = [...(answers.roles ?? []), slug]
      changed = true
    }
    if (req.query.from === 'match' && req.session.match) {
      Object.assign(answers, prefillFromMatch(answers, req.session.match, skillOptions(answers, context)))
      changed = true
    }
    // Held in the session until they send a page (a GET changes nothing kept); each of these
    // pages is still shown to them.
    if (changed) req.session.prefilled = answers
    res.redirect(303, `${BASE}/roles`)
  })

  /** Roles taking applications, not chosen, that fit at least as well as the chosen ones (see domain/matching.ts). */
  async function suggestionsFor(answers: ApplyAnswers) {
    return suggestedRoles(matchRoles(profileFromApplyAnswers(answers), await services.roles.listTakingApplications()), answers.roles ?? [])
  }

  // "You might also like": one optional page after the skills page, only when there is something to suggest.
  router.get('/suggestions', async (req, res) => {
    if (!hasApplication(req)) return res.redirect(303, BASE)
    const context = await formContext()
    const answers = answersOf(req)
    const skills = applicableSteps(answers, context).find((step) => step.id === 'skills')!
    const continueUrl = nextUrl(skills, answers, context, false)
    const suggestions = isAnswered(skills, answers) ? await suggestionsFor(answers) : []
    if (suggestions.length === 0) return res.redirect(303, isAnswered(skills, answers) ? continueUrl : stepUrl(skills))
    res.render('pages/match/suggestions', {
      title: 'You might also like',
      backLink: { href: stepUrl(skills), text: 'Back' },
      suggestions,
      chosenCount: chosenRoles(answers, context).length,
      continueUrl,
      addRolesUrl: `${BASE}/roles?change=1`,
    })
  })

  router.get('/check', async (req, res) => {
    if (!hasApplication(req)) return res.redirect(303, req.session.submitted ? `${BASE}/confirmation` : `${BASE}/not-found`)
    const context = await formContext()
    const answers = answersOf(req)
    const incomplete = validateAll(answers, context)
    if (incomplete) return res.redirect(303, stepUrl(incomplete.step))
    renderCheck(res, answers, context)
  })

  // A replay (back button, double click) after the application went: show the same confirmation.
  function isReplay(req: Request): boolean {
    const form = formOf(req)
    const body = req.body as Record<string, unknown>
    const { submitted } = req.session
    return !!submitted && (!form || form.formId === submitted.formId || body.formId === submitted.formId)
  }

  // Each application emails a receipt to the address given and tells the board: a tight limit
  // per applicant address, a generous one per network. Over either, the answers stay in the draft.
  const tooMany = (name: 'applicationsPerAddress' | 'applicationsPerIp', reason: string) =>
    tooManyPage(name, 'pages/apply/too-many', 'You cannot send another application yet', () => ({ reason }))
  const notCounted = (req: Request) => isReplay(req) || !formOf(req)
  const applicationsPerIp = services.limits.perIp('applicationsPerIp', {
    skip: notCounted,
    onReached: tooMany('applicationsPerIp', 'We have had a lot of applications from your network in the last hour.'),
  })
  const applicationsPerAddress = services.limits.perAddress('applicationsPerAddress', {
    keyOf: (req) => {
      const email = formOf(req)?.answers.email
      return email ? normaliseEmail(email) : null
    },
    skip: notCounted,
    onReached: tooMany('applicationsPerAddress', 'We have already had several applications from this email address today.'),
  })

  router.post('/check', applicationsPerIp, applicationsPerAddress, async (req, res) => {
    const form = formOf(req)
    if (isReplay(req)) return res.redirect(303, `${BASE}/confirmation`)
    // Nothing kept yet (answers only filled in for them): Check your answers sends them to the first page.
    if (!form) return res.redirect(303, `${BASE}/${hasApplication(req) ? 'check' : 'not-found'}`)
    const context = await formContext()
    const incomplete = validateAll(form.answers, context)
    if (incomplete) return res.redirect(303, stepUrl(incomplete.step))
    try {
      const { reference } = await services.act(submitApplication, { submissionKey: form.formId, answers: form.answers, draftId: form.id }, APPLICANT)
      keepCsrfTokenInSession(req)
      req.session.submitted = { formId: form.formId, reference }
      clearDraftCookie(res, services.config)
      res.redirect(303, `${BASE}/confirmation`)
    } catch (error) {
      const message = refusalMessage(error)
      if (message === null) throw error
      const step = applicableSteps(form.answers, context)[0]!
      // Back to the role choice without the roles at fault (a held role may still take applications).
      const held = error instanceof RolesAlreadyHeldError ? error.slugs : []
      const roles = (form.answers.roles ?? []).filter((slug) => context.openRoles.some((role) => role.slug === slug) && !held.includes(slug))
      const { answers } = await keepInDraft(services, req, res, { roles })
      renderStep(res, step, answers, context, { values: answers, errors: { roles: message }, change: true })
    }
  })

  router.get('/confirmation', (req, res) => {
    if (!req.session.submitted) return res.redirect(303, BASE)
    res.render('pages/apply/confirmation', { title: 'Application sent', reference: req.session.submitted.reference })
  })

  const stepId = (req: Request) => (req.params.section ? `${req.params.step}/${req.params.section}` : String(req.params.step))

  function findStep(req: Request, answers: ApplyAnswers, context: FormContext): Step | null {
    return applicableSteps(answers, context).find((step) => step.id === stepId(req)) ?? null
  }

  const stepPaths = ['/:step', '/:step/:section']

  router.get(stepPaths, async (req, res, next) => {
    const started = hasApplication(req)
    if (!started && req.session.submitted) return res.redirect(303, `${BASE}/confirmation`)
    const context = await formContext()
    const answers = answersOf(req)
    const step = findStep(req, answers, context)
    // Part way through with no application on this browser: say how to get it back.
    if (!started && step?.id !== 'roles' && isFormPage(stepId(req), context)) return res.redirect(303, `${BASE}/not-found`)
    if (!step) return next()
    renderStep(res, step, answers, context, { values: answers, errors: {}, change: req.query.change === '1', newApplication: !started })
  })

  router.post(stepPaths, async (req, res, next) => {
    const context = await formContext()
    const answers = answersOf(req)
    const step = findStep(req, answers, context)
    if (!step) return next()
    const body = req.body as Record<string, unknown>
    const change = req.query.change === '1'
    const { values, errors } = step.parse(body, answers, context)
    if (Object.keys(errors).length > 0) {
      return renderStep(res, step, answers, context, { values: { ...answers, ...values }, errors, change, typed: body })
    }
    const form = await keepInDraft(services, req, res, values, step.id)
    if (body.action === 'save') return res.redirect(303, `${BASE}/save`)
    if (step.id === 'skills' && !change && (await suggestionsFor(form.answers)).length > 0) return res.redirect(303, `${BASE}/suggestions`)
    res.redirect(303, nextUrl(step, form.answers, context, change, answers))
  })

  return router
}
