import { Router, type Request, type RequestHandler, type Response } from 'express'
import { checkNhsEmailCode, sendNhsEmailCode } from '../../actions/apply/nhs-email-code.ts'
import { isWellFormedCode, NHS_EMAIL_CODE } from '../../domain/nhs-email.ts'
import { normaliseEmail, tidyLine } from '../../domain/text.ts'
import { nhsEmailAddressErrors, offersNhsEmailStep } from '../../forms/apply/steps.ts'
import { asString, errorList, type Errors } from '../../forms/validation.ts'
import { LIMITS } from '../../domain/limits.ts'
import { pendingNhsEmail } from '../../queries/nhs-email-code.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'
import { formOf, keepInDraft } from './application-form.ts'

// Paths inside the /apply area, and the URLs they answer.
const PAGE_PATH = '/nhs-email'
const CODE_PATH = '/nhs-email/code'
const PAGE = `/apply${PAGE_PATH}`
const CODE_PAGE = `/apply${CODE_PATH}`

/**
 * The optional "Verify your NHS email address" step: sending a 6-digit code, and "Enter the
 * 6-digit code". The step's page itself, "Skip" and "Save and come back later" are the form's
 * (forms/apply/steps.ts); a verified domain joins the answers and goes with the application.
 */
export default function nhsEmailRoutes(services: Services): Router {
  const router = Router()
  const limits = services.limits.emailLinks({ prefix: 'nhs-email:', tooManyView: 'pages/apply/nhs-email-too-many' })

  const change = (req: Request) => (req.query.change === '1' ? '?change=1' : '')

  /** The form in progress when it offers this step, with the NHS domains; otherwise null. */
  async function offered(req: Request) {
    const form = formOf(req)
    if (!form) return null
    const domains = (await services.settings.get()).nhsEmailDomains
    return offersNhsEmailStep(form.answers, domains) ? { form, domains } : null
  }

  async function renderCodePage(req: Request, res: Response, options: { errors?: Errors; typed?: string } = {}) {
    const email = await services.read(pendingNhsEmail, { formId: formOf(req)!.formId })
    if (!email) return res.redirect(303, `${PAGE}${change(req)}`)
    const errors = options.errors ?? {}
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/apply/nhs-email-code', {
      title: 'Enter the 6-digit code',
      email,
      minutes: NHS_EMAIL_CODE.minutes,
      typed: options.typed ?? '',
      errors,
      errorList: errorList(errors),
      formAction: `${CODE_PAGE}${change(req)}`,
      resendAction: `${PAGE}${change(req)}`,
      backLink: { href: `${PAGE}${change(req)}`, text: 'Back' },
    })
  }

  // Only "Send code" is handled here: "Skip", "Continue" and "Save" go on to the form's own route.
  const sending: RequestHandler = (req, _res, next) => next((req.body as Record<string, unknown>).action === 'send' ? undefined : 'route')

  router.post(PAGE_PATH, sending, limits.linksPerIp, limits.linksPerAddress, async (req, res, next) => {
    const found = await offered(req)
    if (!found) return next()
    const typed = tidyLine((req.body as Record<string, unknown>).email)
    // A refused address: the form's route shows the page again with the same errors.
    if (Object.keys(nhsEmailAddressErrors(typed, found.domains)).length > 0) return next()
    if (res.locals.limitReached) {
      return res.status(429).render('pages/apply/nhs-email-too-many', { title: 'You have tried too many times', minutes: LIMITS.linkRequestsPerAddress.windowMinutes, forAddress: true })
    }
    await services.act(sendNhsEmailCode, { formId: found.form.formId, email: normaliseEmail(typed) }, APPLICANT)
    res.redirect(303, `${CODE_PAGE}${change(req)}`)
  })

  router.get(CODE_PATH, async (req, res) => {
    if (!(await offered(req))) return res.redirect(303, '/apply')
    await renderCodePage(req, res)
  })

  router.post(CODE_PATH, limits.signInsPerIp, async (req, res) => {
    const found = await offered(req)
    if (!found) return res.redirect(303, '/apply')
    // People copy codes with spaces ("492 615"): those are not part of it.
    const code = asString((req.body as Record<string, unknown>).code).replace(/\s+/g, '')
    if (!code) return renderCodePage(req, res, { errors: { code: 'Enter the 6-digit code from the email' }, typed: code })
    if (!isWellFormedCode(code)) return renderCodePage(req, res, { errors: { code: 'The code must be 6 numbers, like 492615' }, typed: code })

    const result = await services.act(checkNhsEmailCode, { formId: found.form.formId, code }, APPLICANT)
    switch (result.outcome) {
      case 'verified':
        await keepInDraft(services, req, res, { nhsEmailVerified: { domain: result.domain, verifiedAt: new Date().toISOString() } })
        return res.redirect(303, `${PAGE}${change(req)}`)
      case 'wrong':
        return renderCodePage(req, res, {
          errors: { code: `The code is not right. Check the email and try again (${result.triesLeft} ${result.triesLeft === 1 ? 'try' : 'tries'} left)` },
          typed: code,
        })
      case 'expired':
        return renderCodePage(req, res, { errors: { code: 'This code has expired. Send a new code' }, typed: code })
      case 'too-many-tries':
        return renderCodePage(req, res, { errors: { code: 'You have entered a wrong code too many times. Send a new code' }, typed: code })
      case 'no-code':
        return res.redirect(303, `${PAGE}${change(req)}`)
    }
  })

  return router
}
