import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import { answerSummary, summaryOfStoredAnswers } from '../../domain/answer-summary.ts'
import { roleProgress, type ProgressSettings } from '../../domain/applicant-next-steps.ts'
import { STATUS_LABELS } from '../../domain/application-status.ts'
import { IllegalTransitionError } from '../../domain/status-machine.ts'
import { CURRENT_EXECUTIVE_STATUSES } from '../../domain/executive-status.ts'
import { normaliseReference } from '../../domain/reference.ts'
import { errorList, parseVersion, type Errors } from '../../forms/validation.ts'
import { endSession } from '../../middleware/end-session.ts'
import { APPLICANT_SIGN_IN, SIGN_IN_MAX_AGE_MS } from '../../services/email-sign-in.ts'
import type { Services } from '../../services/index.ts'
import { eraseApplicant } from '../../actions/my-application/erase-applicant.ts'
import { sendSignInLink } from '../../actions/my-application/send-sign-in-link.ts'
import { signInWithLink } from '../../actions/my-application/sign-in-with-link.ts'
import { ApplicationChangedError, withdrawApplication } from '../../actions/my-application/withdraw-application.ts'
import { ApplicationNotFoundError } from '../../domain/errors.ts'
import { applicantApplication, applicantApplicationAnswers, applicantApplications, type ApplicantApplication } from '../../queries/applicant-applications.ts'
import { applicantSignInLinkUsable } from '../../queries/sign-in-link.ts'
import { applicationConversationState, askableTimeIds } from '../../queries/conversation-link.ts'
import { cancelConversation, rescheduleConversation } from '../../actions/conversations/change-conversation.ts'
import { TimeTakenError } from '../../actions/conversations/conversation-locks.ts'
import { CONVERSATION_HOW_LABELS, CONVERSATION_TEXT_LIMIT, formatTimeRange } from '../../domain/conversation.ts'
import { parseConversationChange } from '../../forms/conversation.ts'
import { freeTimes } from '../conversation/conversation.routes.ts'
import { APPLICANT } from '../../services/audit.ts'
import { formatDate } from '../../views/helpers.ts'
import { emailSignInRoutes } from '../email-sign-in.ts'

const BASE = '/my-application'

const VIEWS = 'pages/my-application'

/** The signed-in applicant's address, or null when nobody is signed in or the hour is up. */
function signedInEmail(req: Request): string | null {
  const { applicantEmail, applicantSignedInAt } = req.session
  if (!applicantEmail || typeof applicantSignedInAt !== 'number') return null
  const age = Date.now() - applicantSignedInAt
  return age >= 0 && age <= SIGN_IN_MAX_AGE_MS ? applicantEmail : null
}

/** Forgets an applicant sign-in that has run out. True if there was one. */
function endExpiredSignIn(req: Request): boolean {
  if (req.session.applicantEmail === undefined || signedInEmail(req) !== null) return false
  delete req.session.applicantEmail
  delete req.session.applicantSignedInAt
  return true
}

/** The executive role the application led to, while the term lasts. */
function currentExecutiveOf(application: ApplicantApplication): ApplicantApplication['executive'] {
  return application.executive && CURRENT_EXECUTIVE_STATUSES.includes(application.executive.status) ? application.executive : null
}

/** The reference in a path, exactly as we issue them (PYC-4K7M-Q9TX), else null. */
function referenceFrom(value: unknown): string | null {
  return typeof value === 'string' && normaliseReference(value) === value ? value : null
}

export default function myApplicationRoutes(services: Services): Router {
  const router = Router()
  const { act, read, config } = services

  // Personal pages and one-time links: never kept by a browser or a proxy.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })

  const requireApplicant: RequestHandler = (req, res, next) => {
    endExpiredSignIn(req)
    if (!signedInEmail(req)) return res.redirect(303, BASE)
    next()
  }

  function renderEmailPage(res: Response, options: { values: { email?: string }; errors: Errors; signInEnded?: boolean }) {
    res.status(Object.keys(options.errors).length > 0 ? 400 : 200).render(`${VIEWS}/email`, {
      title: 'What email address did you apply with?',
      values: options.values,
      errors: options.errors,
      errorList: errorList(options.errors),
      formAction: BASE,
      signInEnded: options.signInEnded ?? false,
      minutes: APPLICANT_SIGN_IN.linkMinutes,
    })
  }

  /** What the next steps are worked out from: the board's reminder days and quorum, now. */
  async function progressSettings(): Promise<ProgressSettings> {
    const { reminderDays, quorum, contactEmail } = await services.settings.get()
    return { reminderDays, quorum, contactEmail, now: new Date(), formatDate }
  }

  function renderLinkExpired(res: Response, status: 400 | 410) {
    res.status(status).render(`${VIEWS}/link-expired`, { title: 'This link has expired or has already been used' })
  }

  router.get('/', async (req, res) => {
    const signInEnded = endExpiredSignIn(req)
    const email = signedInEmail(req)
    if (!email) return renderEmailPage(res, { values: {}, errors: {}, signInEnded })

    const applications = await read(applicantApplications, { email })
    const settings = await progressSettings()
    const withdrawn = referenceFrom(req.query.withdrawn)
    res.render(`${VIEWS}/applications`, {
      title: applications.length === 1 ? 'Your application' : 'Your applications',
      email,
      applications: applications.map((application) => ({ application, progress: roleProgress(application, settings) })),
      executives: applications.flatMap((application) => currentExecutiveOf(application) ?? []),
      withdrawnReference: applications.some((a) => a.reference === withdrawn && a.status === 'withdrawn') ? withdrawn : null,
    })
  })

  // Asking for a link, and using it. The limits count in PostgreSQL, so every instance of the app
  // shares them. No RateLimit headers: they would differ between requests that must look the same.
  router.use(
    emailSignInRoutes({
      base: BASE,
      linkMinutes: APPLICANT_SIGN_IN.linkMinutes,
      limits: services.limits.emailLinks({ prefix: 'my-application:', tooManyView: `${VIEWS}/too-many-requests` }),
      views: { checkEmail: `${VIEWS}/check-email`, checkEmailTitle: 'Check your email for a link to your application', signIn: `${VIEWS}/sign-in`, signInTitle: 'Sign in to see your application' },
      renderEmailPage: (res, values, errors) => renderEmailPage(res, { values, errors }),
      renderLinkExpired,
      sendLink: (email) => act(sendSignInLink, { email }, APPLICANT),
      isUsable: (token) => read(applicantSignInLinkUsable, { token }),
      redeem: (token) => act(signInWithLink, { token }, APPLICANT),
      signIn(req, email) {
        req.session.applicantEmail = email
        req.session.applicantSignedInAt = Date.now()
      },
    }),
  )

  router.post('/sign-out', async (req, res) => {
    await endSession(req, res, config)
    res.redirect(303, `${BASE}/signed-out`)
  })

  router.get('/signed-out', (_req, res) => {
    res.render(`${VIEWS}/signed-out`, { title: 'You have signed out of your application' })
  })

  router.get('/delete', requireApplicant, async (req, res) => {
    const applications = await read(applicantApplications, { email: signedInEmail(req)! })
    res.render(`${VIEWS}/delete`, {
      title: 'Are you sure you want to delete your information?',
      applications,
      backLink: { href: BASE, text: 'Back' },
      formAction: `${BASE}/delete`,
    })
  })

  router.post('/delete', requireApplicant, async (req, res) => {
    await act(eraseApplicant, { email: signedInEmail(req)!, sessionId: req.sessionID }, APPLICANT)
    await endSession(req, res, config)
    res.redirect(303, `${BASE}/deleted`)
  })

  // Public on purpose: the session that asked is gone by the time this shows.
  router.get('/deleted', (_req, res) => {
    res.render(`${VIEWS}/deleted`, { title: 'Your information has been deleted' })
  })

  async function ownApplication(req: Request, next: NextFunction) {
    const reference = referenceFrom(req.params.reference)
    const application = reference ? await read(applicantApplication, { email: signedInEmail(req)!, reference }) : null
    // Somebody else's reference looks exactly like one that does not exist.
    if (!application) next()
    return application
  }

  // What they sent, read-only, and where it stands.
  router.get('/:reference', requireApplicant, async (req, res, next) => {
    const reference = referenceFrom(req.params.reference)
    const application = reference ? await read(applicantApplicationAnswers, { email: signedInEmail(req)!, reference }) : null
    if (!application) return next()
    res.render(`${VIEWS}/application`, {
      title: `Your application ${application.reference}`,
      backLink: { href: BASE, text: 'Back to your applications' },
      application,
      progress: roleProgress(application, await progressSettings()),
      executive: currentExecutiveOf(application),
      answerSections: answerSummary(summaryOfStoredAnswers(application.answers), 'applicant'),
      conversation: await read(applicationConversationState, { applicationId: application.id }),
      formatTimeRange,
      howLabels: CONVERSATION_HOW_LABELS,
    })
  })

  // Moving or cancelling the conversation, signed in: the same as from the invitation's link.
  for (const kind of ['change', 'cancel'] as const) {
    const path = `/:reference/conversation/${kind}`
    async function ownConversation(req: Request, next: NextFunction) {
      const application = await ownApplication(req, next)
      if (!application) return null
      const state = await read(applicationConversationState, { applicationId: application.id })
      const allowed = kind === 'change' ? state.kind === 'booked' : state.kind === 'booked' || state.kind === 'open' || state.kind === 'none_suit'
      if (!allowed || !('conversation' in state)) {
        next()
        return null
      }
      return { application, conversation: state.conversation }
    }
    function render(res: Response, found: NonNullable<Awaited<ReturnType<typeof ownConversation>>>, values: { slotId: string; reason: string }, errors: Errors, status = 200) {
      res.status(status).render('pages/conversation/change', {
        title: kind === 'change' ? 'Change the time of your conversation' : 'Cancel your conversation',
        kind,
        conversation: found.conversation,
        times: freeTimes(found.conversation),
        values,
        errors,
        errorList: errorList(errors),
        formatTimeRange,
        textLimit: CONVERSATION_TEXT_LIMIT,
        formAction: `${BASE}/${found.application.reference}/conversation/${kind}`,
        backLink: { href: `${BASE}/${found.application.reference}`, text: 'Back to your application' },
      })
    }

    router.get(path, requireApplicant, async (req, res, next) => {
      const found = await ownConversation(req, next)
      if (found) render(res, found, { slotId: '', reason: '' }, {})
    })

    router.post(path, requireApplicant, async (req, res, next) => {
      const found = await ownConversation(req, next)
      if (!found) return
      const { values, errors } = parseConversationChange(req.body as Record<string, unknown>, kind === 'change' ? askableTimeIds(found.conversation) : null)
      if (Object.keys(errors).length > 0) return render(res, found, values, errors, 400)
      const locator = { applicationId: found.application.id }
      try {
        const result =
          kind === 'change'
            ? await act(rescheduleConversation, { locator, slotId: values.slotId, reason: values.reason }, APPLICANT)
            : await act(cancelConversation, { locator, reason: values.reason }, APPLICANT)
        if (!result.done) return res.redirect(303, `${BASE}/${found.application.reference}`)
      } catch (error) {
        if (!(error instanceof TimeTakenError)) throw error
        return render(res, found, { slotId: '', reason: values.reason }, { slotId: 'That time has just been taken by someone else. Choose another time' }, 409)
      }
      req.session.flash = kind === 'change' ? 'Your conversation has moved. We have emailed everyone an updated calendar invitation.' : 'Your conversation is cancelled. We have told everyone taking part.'
      res.redirect(303, `${BASE}/${found.application.reference}`)
    })
  }

  function renderWithdrawProblem(res: Response, status: number, reference: string, problem: 'closed' | 'changed', statusLabel?: string) {
    res.status(status).render(`${VIEWS}/withdraw-problem`, {
      title: problem === 'changed' ? 'Your application has changed' : 'You cannot withdraw this application',
      reference,
      problem,
      statusLabel: statusLabel ?? null,
    })
  }

  router.get('/:reference/withdraw', requireApplicant, async (req, res, next) => {
    const application = await ownApplication(req, next)
    if (!application) return
    if (!application.canWithdraw) return renderWithdrawProblem(res, 200, application.reference, 'closed', STATUS_LABELS[application.status])
    res.render(`${VIEWS}/withdraw`, {
      title: `Are you sure you want to withdraw application ${application.reference}?`,
      application,
      backLink: { href: BASE, text: 'Back' },
      formAction: `${BASE}/${application.reference}/withdraw`,
    })
  })

  router.post('/:reference/withdraw', requireApplicant, async (req, res, next) => {
    const reference = referenceFrom(req.params.reference)
    if (!reference) return next()
    try {
      await act(withdrawApplication, { email: signedInEmail(req)!, reference, version: parseVersion(req.body as Record<string, unknown>) }, APPLICANT)
    } catch (error) {
      if (error instanceof ApplicationNotFoundError) return next()
      if (error instanceof IllegalTransitionError) return renderWithdrawProblem(res, 409, reference, 'closed', error.fromLabel)
      if (error instanceof ApplicationChangedError) return renderWithdrawProblem(res, 409, reference, 'changed')
      throw error
    }
    res.redirect(303, `${BASE}?withdrawn=${encodeURIComponent(reference)}`)
  })

  return router
}
