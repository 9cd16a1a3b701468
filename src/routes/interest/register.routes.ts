import { Router, type Request, type Response } from 'express'
import { InterestRolesGoneError, registerInterest } from '../../actions/interest/register-interest.ts'
import { ANY_ROLE, CONFIRM_LINK_HOURS, type InterestAnswers } from '../../domain/interest.ts'
import { chosenRoles, firstUnanswered, INTEREST_STEPS, type InterestFormContext, type InterestStep } from '../../forms/interest.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { tooManyPage } from '../../middleware/rate-limits.ts'
import { interestRoleOptions, type InterestRoleOption } from '../../queries/interest.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'

const BASE = '/interest'

const stepUrl = (step: InterestStep, change = false) => `${BASE}/${step.id}${change ? '?change=1' : ''}`

function answersOf(req: Request): InterestAnswers {
  req.session.interest ??= { answers: {} }
  return req.session.interest.answers
}

/** The start page, one question a page (email, roles, agreement), Check your answers, then "check your email". */
export default function registerRoutes(services: Services): Router {
  const router = Router()
  const { read } = services

  async function context(): Promise<{ roles: InterestRoleOption[]; form: InterestFormContext }> {
    const roles = await read(interestRoleOptions, {})
    return { roles, form: { roleSlugs: roles.map((role) => role.slug) } }
  }

  function backLink(step: InterestStep, change: boolean) {
    if (change) return { href: `${BASE}/check`, text: 'Back to check your answers' }
    const previous = INTEREST_STEPS[INTEREST_STEPS.indexOf(step) - 1]
    return { href: previous ? stepUrl(previous) : BASE, text: 'Back' }
  }

  async function render(res: Response, step: InterestStep, options: { values: InterestAnswers; errors: Errors; change: boolean; roles?: InterestRoleOption[] }) {
    const roles = options.roles ?? (await context()).roles
    res.status(Object.keys(options.errors).length > 0 ? 400 : 200).render(step.view, {
      title: step.title,
      values: options.values,
      errors: options.errors,
      errorList: errorList(options.errors),
      backLink: backLink(step, options.change),
      formAction: stepUrl(step, options.change),
      roles,
      anyRole: ANY_ROLE,
      retentionMonths: (await services.settings.get()).retentionMonths,
    })
  }

  // The start page. From a role's page (?role=slug) that role is ticked on the roles page.
  router.get('/', async (req, res) => {
    const slug = typeof req.query.role === 'string' ? req.query.role : ''
    const { roles } = await context()
    const role = roles.find((option) => option.slug === slug) ?? null
    if (role && !(req.session.interest?.answers.roles ?? []).length) answersOf(req).roles = [role.slug]
    res.render('pages/interest/start', { title: 'Get an email when a volunteer role opens', role, startUrl: stepUrl(INTEREST_STEPS[0]!) })
  })

  for (const step of INTEREST_STEPS) {
    router.get(`/${step.id}`, async (req, res) => {
      await render(res, step, { values: req.session.interest?.answers ?? {}, errors: {}, change: req.query.change === '1' })
    })

    router.post(`/${step.id}`, async (req, res) => {
      const change = req.query.change === '1'
      const { roles, form } = await context()
      const { values, errors } = step.parse(req.body as Record<string, unknown>, form)
      if (Object.keys(errors).length > 0) return render(res, step, { values: { ...req.session.interest?.answers, ...values }, errors, change, roles })
      Object.assign(answersOf(req), values)
      const next = change ? null : INTEREST_STEPS[INTEREST_STEPS.indexOf(step) + 1]
      res.redirect(303, next ? stepUrl(next) : `${BASE}/check`)
    })
  }

  router.get('/check', async (req, res) => {
    const { roles, form } = await context()
    const answers = req.session.interest?.answers ?? {}
    const missing = firstUnanswered(answers, form)
    if (missing) return res.redirect(303, req.session.interest ? stepUrl(missing) : BASE)
    const chosen = chosenRoles(answers.roles ?? [], form)
    res.render('pages/interest/check', {
      title: 'Check your answers',
      answers,
      anyRole: chosen.includes(ANY_ROLE),
      roleTitles: roles.filter((role) => chosen.includes(role.slug)).map((role) => role.title),
      backLink: { href: stepUrl(INTEREST_STEPS.at(-1)!), text: 'Back' },
      formAction: `${BASE}/check`,
    })
  })

  // Each registration emails an address nobody has verified yet: a tight limit per address and a
  // generous one per network. Over the per-address one the page is the same and nothing is sent.
  const typedAddress = (req: Request) => req.session.interest?.answers.email ?? null
  const registrationsPerIp = services.limits.perIp('interestRegistrationsPerIp', {
    skip: (req) => !req.session.interest,
    onReached: tooManyPage('interestRegistrationsPerIp', 'pages/interest/too-many', 'You cannot register interest again yet'),
  })
  const registrationsPerAddress = services.limits.perAddress('interestRegistrationsPerAddress', { keyOf: typedAddress })

  router.post('/check', registrationsPerIp, registrationsPerAddress, async (req, res) => {
    // A second press of the button, or the back button, after it went: the same page as the first.
    if (!req.session.interest) return res.redirect(303, req.session.interestSentTo ? `${BASE}/check-email` : BASE)
    const { form } = await context()
    const answers = req.session.interest.answers
    const missing = firstUnanswered(answers, form)
    if (missing) return res.redirect(303, stepUrl(missing))
    const chosen = chosenRoles(answers.roles ?? [], form)
    const email = answers.email!
    if (!res.locals.limitReached) {
      try {
        await services.act(registerInterest, { email, anyRole: chosen.includes(ANY_ROLE), roleSlugs: chosen }, APPLICANT)
      } catch (error) {
        if (!(error instanceof InterestRolesGoneError)) throw error
        answers.roles = []
        const roles = INTEREST_STEPS.find((step) => step.id === 'roles')!
        return render(res, roles, { values: answers, errors: { roles: 'The roles you chose are no longer listed. Choose again.' }, change: true })
      }
    }
    delete req.session.interest
    req.session.interestSentTo = email
    res.redirect(303, `${BASE}/check-email`)
  })

  router.get('/check-email', (req, res) => {
    if (!req.session.interestSentTo) return res.redirect(303, BASE)
    res.render('pages/interest/check-email', { title: 'Check your email', email: req.session.interestSentTo, hours: CONFIRM_LINK_HOURS })
  })

  return router
}
