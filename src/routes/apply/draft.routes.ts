import { Router } from 'express'
import { isEmail, normaliseEmail, tidyLine } from '../../domain/text.ts'
import { DRAFT_LIFETIME_DAYS } from '../../domain/application-draft.ts'
import { tooManyPage, typedEmail } from '../../middleware/rate-limits.ts'
import { deleteDraft } from '../../actions/apply/delete-draft.ts'
import { removeDraftFromDevice } from '../../actions/apply/remove-draft-from-device.ts'
import { resumeDraft } from '../../actions/apply/resume-draft.ts'
import { saveDraft } from '../../actions/apply/save-draft.ts'
import { draftLinkUsable } from '../../queries/draft-link.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'
import { clearDraftCookie, formOf, hasApplication, keepInDraft, progressOf, setDraftCookie } from './application-form.ts'
import { BASE, continueUrl, formPages } from './form-pages.ts'

/**
 * The application's draft as the applicant sees it: "Save and come back later" and the emailed
 * link that brings the answers back on any device, deleting it, taking it off a shared
 * computer, and what to do when this browser has none.
 */
export default function draftRoutes(services: Services): Router {
  const router = Router()
  const { config } = services
  const { formContext, renderSave } = formPages(services)
  const linkExpired = { title: 'This link has expired or has already been used', lifetimeDays: DRAFT_LIFETIME_DAYS }

  router.get('/save', async (req, res) => {
    if (!hasApplication(req)) return res.redirect(303, BASE)
    await renderSave(res, progressOf(req), { email: formOf(req)?.linkSentTo ?? progressOf(req).answers.email ?? '' })
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
    if (!hasApplication(req)) return res.redirect(303, BASE)
    const typed = tidyLine((req.body as Record<string, unknown>).email)
    let error: string | null = null
    if (!typed) error = 'Enter your email address'
    else if (!isEmail(typed)) error = 'Enter an email address in the correct format, like name@example.com'
    if (error) return renderSave(res, progressOf(req), { email: typed, errors: { email: error } })
    // Answers only filled in for them so far are kept first. They stay on this device too;
    // saving again replaces the earlier link.
    const form = formOf(req) ?? (await keepInDraft(services, req, res, {}))
    await services.act(saveDraft, { draftId: form.id, email: normaliseEmail(typed) }, APPLICANT)
    res.redirect(303, `${BASE}/saved`)
  })

  router.get('/saved', async (req, res) => {
    const form = formOf(req)
    if (!form?.linkSentTo) return res.redirect(303, BASE)
    res.render('pages/apply/saved', {
      title: 'Your application has been saved',
      email: form.linkSentTo,
      lifetimeDays: DRAFT_LIFETIME_DAYS,
      continueUrl: continueUrl(form, await formContext()),
    })
  })

  // On a shared computer: the emailed link still brings the answers back; this browser no longer does.
  router.post('/saved', async (req, res) => {
    const form = formOf(req)
    if (form && !(await services.act(removeDraftFromDevice, { draftId: form.id }, APPLICANT))) return res.redirect(303, `${BASE}/saved`)
    clearDraftCookie(res, config)
    res.redirect(303, `${BASE}/removed`)
  })

  router.get('/removed', (_req, res) => {
    res.render('pages/apply/removed', { title: 'Your answers have been removed from this device', lifetimeDays: DRAFT_LIFETIME_DAYS })
  })

  router.get('/delete', async (req, res) => {
    if (!hasApplication(req)) return res.redirect(303, `${BASE}/not-found`)
    const back = continueUrl(progressOf(req), await formContext())
    res.render('pages/apply/delete', { title: 'Are you sure you want to delete your application?', backLink: { href: back, text: 'Back' }, cancelUrl: back })
  })

  router.post('/delete', async (req, res) => {
    const form = formOf(req)
    if (form) await services.act(deleteDraft, { draftId: form.id }, APPLICANT)
    delete req.session.prefilled
    clearDraftCookie(res, config)
    res.redirect(303, `${BASE}/deleted`)
  })

  router.get('/deleted', (_req, res) => {
    res.render('pages/apply/deleted', { title: 'Your application has been deleted' })
  })

  // A page of the form opened on a browser that has no application (cookies cleared, another
  // device, or it expired): what was kept, and how to get it back.
  router.get('/not-found', async (req, res) => {
    if (hasApplication(req)) return res.redirect(303, continueUrl(progressOf(req), await formContext()))
    res.render('pages/apply/not-found', { title: 'We cannot find your application on this device', lifetimeDays: DRAFT_LIFETIME_DAYS })
  })

  router.get('/resume/:token', async (req, res) => {
    const usable = await services.read(draftLinkUsable, { token: req.params.token })
    if (!usable) return res.status(410).render('pages/apply/resume-expired', linkExpired)
    res.render('pages/apply/resume', { title: 'Continue your application', formAction: `${BASE}/resume/${req.params.token}` })
  })

  router.post('/resume/:token', async (req, res) => {
    const resumed = await services.act(resumeDraft, { token: req.params.token }, APPLICANT)
    if (!resumed) return res.status(410).render('pages/apply/resume-expired', linkExpired)
    setDraftCookie(res, config, resumed.key, resumed.expiresAt)
    res.redirect(303, continueUrl(resumed, await formContext()))
  })

  return router
}
