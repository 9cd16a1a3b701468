import { randomUUID } from 'node:crypto'
import { Router, type Request, type Response } from 'express'
import { CAREER_STAGES, HOURS_OPTIONS, NO_SKILLS_YET, type ApplyAnswers } from '../../domain/application-answers.ts'
import { answerSummary, summaryOfApplyAnswers } from '../../domain/answer-summary.ts'
import { EQUALITY_QUESTIONS } from '../../domain/equality-questions.ts'
import {
  applicableSteps,
  chosenRoles,
  isAnswered,
  LIMITS,
  MOTIVATION_MAX_WORDS,
  NHS_EMAIL_STEP_ID,
  questionFieldId,
  skillOptions,
  validateAll,
  type FormContext,
  type Step,
} from '../../forms/apply/steps.ts'
import { matchRoles, suggestedRoles } from '../../domain/matching.ts'
import { isNhsEmail } from '../../domain/nhs-email.ts'
import { prefillFromMatch, profileFromApplyAnswers } from '../../forms/match.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { RolesClosedError, submitApplication } from '../../actions/apply/submit-application.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'
import { tooManyPage } from '../../middleware/rate-limits.ts'
import { normaliseEmail } from '../../domain/text.ts'

const BASE = '/apply'

function stateOf(req: Request) {
  req.session.apply ??= { formId: randomUUID(), answers: {} }
  return req.session.apply
}

function stepUrl(step: Step, change = false): string {
  return `${BASE}/${step.id}${change ? '?change=1' : ''}`
}

export default function applyRoutes(services: Services): Router {
  const router = Router()

  async function formContext(): Promise<FormContext> {
    return { openRoles: await services.roles.listOpenForApplication(), nhsEmailDomains: (await services.settings.get()).nhsEmailDomains }
  }

  /** The page after `step`: Check your answers when changing, else the next unanswered page. */
  function nextUrl(step: Step, answers: ApplyAnswers, context: FormContext, change: boolean): string {
    const steps = applicableSteps(answers, context)
    const index = steps.findIndex((s) => s.id === step.id)
    if (change) {
      // Choosing roles can add pages (order, questions) that still need answers.
      const missing = steps.find((s) => !isAnswered(s, answers))
      return missing ? stepUrl(missing, true) : `${BASE}/check`
    }
    const next = steps[index + 1]
    return next ? stepUrl(next) : `${BASE}/check`
  }

  function backLinkFor(step: Step, answers: ApplyAnswers, context: FormContext, change: boolean) {
    if (change) return { href: `${BASE}/check`, text: 'Back to check your answers' }
    const steps = applicableSteps(answers, context)
    const index = steps.findIndex((s) => s.id === step.id)
    const previous = steps[index - 1]
    return { href: previous ? stepUrl(previous) : '/roles', text: 'Back' }
  }

  function render(
    res: Response,
    step: Step,
    answers: ApplyAnswers,
    context: FormContext,
    options: { values: ApplyAnswers; errors: Errors; change: boolean; typed?: Record<string, unknown> },
  ) {
    const roles = chosenRoles(answers, context)
    res.status(Object.keys(options.errors).length > 0 ? 400 : 200).render(step.view, {
      title: step.title,
      step,
      values: options.values,
      typed: options.typed ?? {},
      errors: options.errors,
      errorList: errorList(options.errors),
      change: options.change,
      backLink: backLinkFor(step, answers, context, options.change),
      formAction: stepUrl(step, options.change),
      openRoles: context.openRoles,
      chosenRoles: roles,
      role: roles.find((role) => step.id === `questions/${role.slug}`) ?? null,
      skillOptions: skillOptions(answers, context),
      careerStages: CAREER_STAGES,
      hoursOptions: HOURS_OPTIONS,
      equalityQuestions: EQUALITY_QUESTIONS,
      noSkillsYet: NO_SKILLS_YET,
      limits: LIMITS,
      motivationMaxWords: MOTIVATION_MAX_WORDS,
      questionFieldId,
      nhsEmailSuggestion: isNhsEmail(answers.email ?? '', context.nhsEmailDomains ?? []) ? answers.email : '',
    })
  }

  // Start: "Apply for this role" lands here with ?role=slug, which preselects it. From the /match
  // results (&from=match) it also carries over the answers given there, so they are not asked twice.
  router.get('/', async (req, res) => {
    const context = await formContext()
    const state = stateOf(req)
    const slug = typeof req.query.role === 'string' ? req.query.role : ''
    if (context.openRoles.some((role) => role.slug === slug) && !(state.answers.roles ?? []).includes(slug)) {
      state.answers.roles = [...(state.answers.roles ?? []), slug]
    }
    if (req.query.from === 'match' && req.session.match) {
      state.answers = prefillFromMatch(state.answers, req.session.match, skillOptions(state.answers, context))
    }
    res.redirect(303, `${BASE}/roles`)
  })

  /** Open roles not chosen that fit at least as well as the chosen ones (see domain/matching.ts). */
  async function suggestionsFor(answers: ApplyAnswers) {
    return suggestedRoles(matchRoles(profileFromApplyAnswers(answers), await services.roles.listOpen()), answers.roles ?? [])
  }

  // "You might also like": one optional page after the skills page, only when there is something to suggest.
  router.get('/suggestions', async (req, res) => {
    if (!req.session.apply) return res.redirect(303, BASE)
    const context = await formContext()
    const { answers } = req.session.apply
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
    if (!req.session.apply) return res.redirect(303, req.session.submitted ? `${BASE}/confirmation` : BASE)
    const context = await formContext()
    const { answers } = req.session.apply
    const incomplete = validateAll(answers, context)
    if (incomplete) return res.redirect(303, stepUrl(incomplete.step))
    const steps = applicableSteps(answers, context)
    const summary = summaryOfApplyAnswers(answers, chosenRoles(answers, context), { nhsEmailOffered: steps.some((step) => step.id === NHS_EMAIL_STEP_ID) })
    res.render('pages/apply/check', {
      title: 'Check your answers before sending your application',
      answers,
      sections: answerSummary(summary, 'applicant'),
      equalityQuestions: EQUALITY_QUESTIONS,
      backLink: { href: stepUrl(steps.at(-1)!), text: 'Back' },
    })
  })

  // A replay (back button, double click) after the application went: show the same confirmation.
  function isReplay(req: Request): boolean {
    const state = req.session.apply
    const body = req.body as Record<string, unknown>
    return !!req.session.submitted && (!state || state.formId === req.session.submitted.formId || body.formId === req.session.submitted.formId)
  }

  // Each application emails a receipt to the address given and tells the board: a tight limit
  // per applicant address, a generous one per network. Over either, the answers stay in the session.
  const tooMany = (name: 'applicationsPerAddress' | 'applicationsPerIp', reason: string) =>
    tooManyPage(name, 'pages/apply/too-many', 'You cannot send another application yet', () => ({ reason }))
  const notCounted = (req: Request) => isReplay(req) || !req.session.apply
  const applicationsPerIp = services.limits.perIp('applicationsPerIp', {
    skip: notCounted,
    onReached: tooMany('applicationsPerIp', 'We have had a lot of applications from your network in the last hour.'),
  })
  const applicationsPerAddress = services.limits.perAddress('applicationsPerAddress', {
    keyOf: (req) => (req.session.apply?.answers.email ? normaliseEmail(req.session.apply.answers.email) : null),
    skip: notCounted,
    onReached: tooMany('applicationsPerAddress', 'We have already had several applications from this email address today.'),
  })

  router.post('/check', applicationsPerIp, applicationsPerAddress, async (req, res) => {
    const state = req.session.apply
    if (isReplay(req)) return res.redirect(303, `${BASE}/confirmation`)
    if (!state) return res.redirect(303, BASE)
    const context = await formContext()
    const incomplete = validateAll(state.answers, context)
    if (incomplete) return res.redirect(303, stepUrl(incomplete.step))
    try {
      const { reference } = await services.act(submitApplication, { submissionKey: state.formId, answers: state.answers, draftId: state.draftId }, APPLICANT)
      req.session.submitted = { formId: state.formId, reference }
      delete req.session.apply
      delete req.session.draftSaved
      res.redirect(303, `${BASE}/confirmation`)
    } catch (error) {
      if (!(error instanceof RolesClosedError)) throw error
      const step = applicableSteps(state.answers, context)[0]!
      const message =
        error.roleTitles.length === 1
          ? `The ${error.roleTitles[0]} role has closed to applications. Choose another role.`
          : `These roles have closed to applications: ${error.roleTitles.join(', ')}. Choose other roles.`
      state.answers.roles = (state.answers.roles ?? []).filter((slug) => context.openRoles.some((role) => role.slug === slug))
      render(res, step, state.answers, context, { values: state.answers, errors: { roles: message }, change: true })
    }
  })

  router.get('/confirmation', (req, res) => {
    if (!req.session.submitted) return res.redirect(303, BASE)
    res.render('pages/apply/confirmation', { title: 'Application sent', reference: req.session.submitted.reference })
  })

  async function findStep(req: Request, context: FormContext): Promise<Step | null> {
    const id = req.params.section ? `${req.params.step}/${req.params.section}` : req.params.step
    return applicableSteps(stateOf(req).answers, context).find((step) => step.id === id) ?? null
  }

  const stepPaths = ['/:step', '/:step/:section']

  router.get(stepPaths, async (req, res, next) => {
    if (!req.session.apply && req.session.submitted) return res.redirect(303, `${BASE}/confirmation`)
    const context = await formContext()
    const step = await findStep(req, context)
    if (!step) return next()
    const { answers } = stateOf(req)
    render(res, step, answers, context, { values: answers, errors: {}, change: req.query.change === '1' })
  })

  router.post(stepPaths, async (req, res, next) => {
    const context = await formContext()
    const step = await findStep(req, context)
    if (!step) return next()
    const state = stateOf(req)
    const body = req.body as Record<string, unknown>
    const change = req.query.change === '1'
    const { values, errors } = step.parse(body, state.answers, context)
    if (Object.keys(errors).length > 0) {
      return render(res, step, state.answers, context, { values: { ...state.answers, ...values }, errors, change, typed: body })
    }
    state.answers = { ...state.answers, ...values }
    if (body.action === 'save') return res.redirect(303, `${BASE}/save`)
    if (step.id === 'skills' && !change && (await suggestionsFor(state.answers)).length > 0) return res.redirect(303, `${BASE}/suggestions`)
    res.redirect(303, nextUrl(step, state.answers, context, change))
  })

  return router
}
