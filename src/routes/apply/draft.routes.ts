import { randomUUID } from 'node:crypto'
import { Router } from 'express'
import { isEmail, normaliseEmail, tidyLine } from '../../domain/text.ts'
import { applicableSteps, isAnswered } from '../../forms/apply/steps.ts'
import { errorList } from '../../forms/validation.ts'
import { tooManyPage, typedEmail } from '../../middleware/rate-limits.ts'
import { resumeDraft } from '../../actions/apply/resume-draft.ts'
import { saveDraft } from '../../actions/apply/save-draft.ts'
import { draftLinkUsable } from '../../queries/draft-link.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'

/** "Save and come back later" and the emailed link that brings the answers back. */
export default function draftRoutes(services: Services): Router {
  const router = Router()

  router.get('/save', (req, res) => {
    if (!req.session.apply) return res.redirect(303, '/apply')
    res.render('pages/apply/save', {
      title: 'Save your application and come back later',
      values: { email: req.session.apply.answers.email ?? '' },
      backLink: { href: '/apply/roles', text: 'Back to your application' },
    })
  })

  // Each save sends an email: a tight limit per address typed, a generous one per network.
  const savesPerIp = services.limits.perIp('draftSavesPerIp')
  const savesPerAddress = services.limits.perAddress('draftSavesPerAddress', {
    keyOf: typedEmail,
    onReached: tooManyPage('draftSavesPerAddress', 'pages/apply/too-many', 'You have saved your application too many times', () => ({
      reason: 'We have already sent several links to that email address, so we will not send another for now.',
    })),
  })

  router.post('/save', savesPerIp, savesPerAddress, async (req, res) => {
    const state = req.session.apply
    if (!state) return res.redirect(303, '/apply')
    const typed = tidyLine((req.body as Record<string, unknown>).email)
    let error: string | null = null
    if (!typed) error = 'Enter your email address'
    else if (!isEmail(typed)) error = 'Enter an email address in the correct format, like name@example.com'
    if (error) {
      const errors = { email: error }
      return res.status(400).render('pages/apply/save', {
        title: 'Save your application and come back later',
        values: { email: typed },
        errors,
        errorList: errorList(errors),
        backLink: { href: '/apply/roles', text: 'Back to your application' },
      })
    }
    const email = normaliseEmail(typed)
    // The answers stay in this browser too; saving again replaces the earlier link.
    state.draftId = await services.act(saveDraft, { email, answers: state.answers, replaces: state.draftId ?? null }, APPLICANT)
    req.session.draftSaved = true
    res.redirect(303, '/apply/saved')
  })

  router.get('/saved', async (req, res) => {
    if (!req.session.draftSaved) return res.redirect(303, '/apply')
    const answers = req.session.apply?.answers ?? {}
    const context = { openRoles: await services.roles.listOpenForApplication() }
    const next = applicableSteps(answers, context).find((step) => !isAnswered(step, answers))
    res.render('pages/apply/saved', {
      title: 'Your application has been saved',
      continueUrl: req.session.apply ? (next ? `/apply/${next.id}` : '/apply/check') : null,
    })
  })

  router.get('/resume/:token', async (req, res) => {
    const usable = await services.read(draftLinkUsable, { token: req.params.token })
    if (!usable) return res.status(410).render('pages/apply/resume-expired', { title: 'This link has expired or has already been used' })
    res.render('pages/apply/resume', { title: 'Continue your application', formAction: `/apply/resume/${req.params.token}` })
  })

  router.post('/resume/:token', async (req, res) => {
    const answers = await services.act(resumeDraft, { token: req.params.token }, APPLICANT)
    if (!answers) return res.status(410).render('pages/apply/resume-expired', { title: 'This link has expired or has already been used' })
    req.session.apply = { formId: randomUUID(), answers }
    delete req.session.draftSaved
    const context = { openRoles: await services.roles.listOpenForApplication() }
    const next = applicableSteps(answers, context).find((step) => !isAnswered(step, answers))
    res.redirect(303, next ? `/apply/${next.id}` : '/apply/check')
  })

  return router
}
