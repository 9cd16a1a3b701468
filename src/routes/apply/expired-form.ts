import type { ErrorRequestHandler, Request } from 'express'
import { applicableSteps } from '../../forms/apply/steps.ts'
import { applicationDraft } from '../../queries/application-draft.ts'
import type { Services } from '../../services/index.ts'
import { draftKey } from './application-form.ts'
import { BASE, continueUrl, formPages } from './form-pages.ts'

/** What the page says when it is shown again: nothing on it was kept, and what to do. */
export interface NotSaved {
  heading: string
  text: string
}

const WHY = 'For your security, the page stopped working because it was open for a long time, or because you signed in or out in another window.'

/**
 * A page of the application sent after its form stopped working (the CSRF check failed, most
 * often because the session ended while the page was open). Nothing is saved from such a
 * request; instead of losing what was typed, the page is shown again with it, a new token and
 * a message saying it has not been saved. Only for a request the browser says came from the
 * service itself: another site's form is refused with the plain "This form has expired" page.
 */
export function expiredApplicationForm(services: Services): ErrorRequestHandler {
  const { config } = services
  const { formContext, renderStep, renderCheck, renderSave } = formPages(services)
  const ownOrigin = new URL(config.baseUrl).origin

  function fromThisService(req: Request): boolean {
    const site = req.get('sec-fetch-site')
    if (site) return site === 'same-origin'
    return req.get('origin') === ownOrigin
  }

  return async (error, req, res, next) => {
    if ((error as { code?: string } | null)?.code !== 'EBADCSRFTOKEN' || req.method !== 'POST') return next(error)
    req.log?.warn('refused a request without a valid CSRF token')
    res.set('Cache-Control', 'no-store')
    const form = await services.read(applicationDraft, { key: draftKey(req, config) })
    const context = await formContext()
    const body = (req.body ?? {}) as Record<string, unknown>
    const answers = req.session?.prefilled ?? form?.answers ?? {}

    if (fromThisService(req)) {
      const change = req.query.change === '1'
      const step = applicableSteps(answers, context).find((candidate) => req.path === `/${candidate.id}`)
      if (step) {
        const { values } = step.parse(body, answers, context)
        const notSaved: NotSaved = { heading: 'This page has not been saved yet', text: `${WHY} What you entered is below: check it, then select Continue to save it.` }
        return renderStep(res, step, answers, context, { values: { ...answers, ...values }, errors: {}, change, typed: body, notSaved })
      }
      if (form && req.path === '/check') {
        return renderCheck(res, form.answers, context, {
          notSaved: { heading: 'Your application has not been sent yet', text: `${WHY} Your answers are saved. Check them, then select Submit application to send it.` },
        })
      }
      if ((form || req.session?.prefilled) && req.path === '/save') {
        const email = typeof body.email === 'string' ? body.email : ''
        return renderSave(res, { answers, pagesDone: form?.pagesDone ?? [] }, {
          email,
          notSaved: { heading: 'We have not sent you a link yet', text: `${WHY} Check your email address, then select Send me a link.` },
        })
      }
    }
    res.status(403).render('pages/errors/form-expired', {
      title: 'This form has expired',
      inApplication: true,
      applicationUrl: form ? continueUrl(form, context) : null,
      applyUrl: BASE,
    })
  }
}
