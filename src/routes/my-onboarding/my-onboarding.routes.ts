import { Router, type Request, type RequestHandler, type Response } from 'express'
import { BIO_MAX_LENGTH, ORGANISATION_MAX_LENGTH, progressText } from '../../domain/onboarding.ts'
import type { Executive } from '../../entities/index.ts'
import { parseDone, parseProfile, type ProfileValues } from '../../forms/onboarding.ts'
import { errorList, parseVersion, type Errors } from '../../forms/validation.ts'
import { sendExecutiveSignInLink } from '../../actions/my-onboarding/send-sign-in-link.ts'
import { signInExecutiveWithLink } from '../../actions/my-onboarding/sign-in-with-link.ts'
import { ChecklistItemNotFoundError, ExecutiveEndedError, ExecutiveNotFoundError, StaleExecutiveError } from '../../actions/onboarding/executive-record.ts'
import { NotYourItemError, tickOnboardingItem } from '../../actions/onboarding/tick-onboarding-item.ts'
import { updateTeamProfile } from '../../actions/onboarding/update-team-profile.ts'
import type { Actor } from '../../actions/tx.ts'
import { currentExecutive, executivePage } from '../../queries/executive-page.ts'
import { executiveSignInLinkUsable } from '../../queries/sign-in-link.ts'
import { EXECUTIVE_SIGN_IN, SIGN_IN_MAX_AGE_MS } from '../../services/email-sign-in.ts'
import type { Services } from '../../services/index.ts'
import { emailSignInRoutes } from '../email-sign-in.ts'
import { endSession } from '../../middleware/end-session.ts'

const BASE = '/my-onboarding'
const VIEWS = 'pages/onboarding'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The signed-in executive's id, or null when nobody is signed in or the hour is up. */
function signedInExecutiveId(req: Request): string | null {
  const { executiveId, executiveSignedInAt } = req.session ?? {}
  if (!executiveId || typeof executiveSignedInAt !== 'number') return null
  const age = Date.now() - executiveSignedInAt
  return age >= 0 && age <= SIGN_IN_MAX_AGE_MS ? executiveId : null
}

/** Someone at the sign-in pages, not yet known to be an executive (the sign-in records who it was). */
const SIGNING_IN: Actor = { type: 'executive', id: null }

/** The signed-in executive, as the actions record them. */
function asExecutive(executive: Executive): Actor {
  return { type: 'executive', id: executive.id }
}

function endExecutiveSignIn(req: Request): void {
  delete req.session.executiveId
  delete req.session.executiveSignedInAt
}

/**
 * A new executive's own page: signed in with an emailed one-time link (as at /my-application),
 * they see their checklist, tick the items that are theirs, and write their team page profile.
 * Everything is reached through the signed-in executive: another executive's item is not found.
 */
export default function myOnboardingRoutes(services: Services): Router {
  const router = Router()
  const { act, read } = services

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })

  function renderLinkExpired(res: Response, status: 400 | 410) {
    res.status(status).render(`${VIEWS}/my-link-expired`, { title: 'This link has expired or has already been used', minutes: EXECUTIVE_SIGN_IN.linkMinutes })
  }

  function renderEmailPage(res: Response, values: { email?: string }, errors: Errors) {
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render(`${VIEWS}/my-email`, {
      title: 'Get a link to your getting-started checklist',
      values,
      errors,
      errorList: errorList(errors),
      formAction: BASE,
      minutes: EXECUTIVE_SIGN_IN.linkMinutes,
    })
  }

  /** The signed-in executive, while their term lasts; anyone else is sent to ask for a link. */
  const requireExecutive: RequestHandler = async (req, res, next) => {
    const id = signedInExecutiveId(req)
    const executive = id ? await read(currentExecutive, { executiveId: id }) : null
    if (!executive) {
      if (req.session?.executiveId) endExecutiveSignIn(req)
      return res.redirect(303, BASE)
    }
    res.locals.executive = executive
    next()
  }

  router.get('/', async (req, res) => {
    const id = signedInExecutiveId(req)
    const executive = id ? await read(currentExecutive, { executiveId: id }) : null
    if (!executive) {
      if (req.session?.executiveId) endExecutiveSignIn(req)
      return renderEmailPage(res, {}, {})
    }
    const view = (await read(executivePage, { executiveId: executive.id }))!
    res.render(`${VIEWS}/my-checklist`, {
      title: 'Your getting-started checklist',
      view,
      progress: progressText(view.done, view.total),
    })
  })

  // Asking for a link, and using it. The limits count in PostgreSQL so every instance shares them;
  // no RateLimit headers, so that the answers for known and unknown addresses look the same.
  router.use(
    emailSignInRoutes({
      base: BASE,
      linkMinutes: EXECUTIVE_SIGN_IN.linkMinutes,
      limits: services.limits.emailLinks({ prefix: 'my-onboarding:', tooManyView: `${VIEWS}/my-too-many-requests` }),
      views: { checkEmail: `${VIEWS}/my-check-email`, checkEmailTitle: 'Check your email for a link to your checklist', signIn: `${VIEWS}/my-sign-in`, signInTitle: 'Sign in to your getting-started checklist' },
      renderEmailPage,
      renderLinkExpired,
      sendLink: (email) => act(sendExecutiveSignInLink, { email }, SIGNING_IN),
      isUsable: (token) => read(executiveSignInLinkUsable, { token }),
      redeem: (token) => act(signInExecutiveWithLink, { token }, SIGNING_IN),
      signIn(req, executiveId) {
        req.session.executiveId = executiveId
        req.session.executiveSignedInAt = Date.now()
      },
    }),
  )

  router.post('/sign-out', async (req, res) => {
    await endSession(req, res, services.config)
    res.redirect(303, `${BASE}/signed-out`)
  })

  router.get('/signed-out', (_req, res) => {
    res.render(`${VIEWS}/my-signed-out`, { title: 'You have signed out of your checklist' })
  })

  // Tick or untick one of their own items. The owner rule is the action's: a community
  // manager's item is refused whatever the form says.
  router.post('/items/:itemId', requireExecutive, async (req, res, next) => {
    const executive = res.locals.executive as Executive
    const itemId = String(req.params.itemId)
    const done = parseDone(req.body as Record<string, unknown>)
    if (!UUID.test(itemId) || done === null) return next()
    try {
      const result = await act(tickOnboardingItem, { executiveId: executive.id, itemId, done }, asExecutive(executive))
      req.session.flash = result.completed
        ? 'Every item on your checklist is done: you have finished getting started. Welcome to the team!'
        : `‘${result.title}’ is marked as ${done ? 'done' : 'not done'}`
    } catch (error) {
      if (error instanceof ChecklistItemNotFoundError || error instanceof ExecutiveNotFoundError) return next()
      if (error instanceof NotYourItemError) {
        return res.status(403).render(`${VIEWS}/my-problem`, {
          title: 'The community manager does this item',
          message: 'Only the community manager can mark this item as done. It will show as done on your checklist when they have.',
        })
      }
      if (error instanceof ExecutiveEndedError) {
        endExecutiveSignIn(req)
        return res.redirect(303, BASE)
      }
      throw error
    }
    res.redirect(303, BASE)
  })

  function renderProfile(res: Response, executive: Executive, values: ProfileValues, errors: Errors, version: number, status?: number) {
    res.status(status ?? (Object.keys(errors).length > 0 ? 400 : 200)).render(`${VIEWS}/my-profile`, {
      title: 'Your team page profile',
      executive,
      values,
      errors,
      errorList: errorList(errors),
      version,
      bioLimit: BIO_MAX_LENGTH,
      organisationLimit: ORGANISATION_MAX_LENGTH,
      formAction: `${BASE}/profile`,
      backLink: { href: BASE, text: 'Back to your checklist' },
    })
  }

  router.get('/profile', requireExecutive, (_req, res) => {
    const executive = res.locals.executive as Executive
    const values = { showOnTeam: executive.showOnTeam ? 'yes' : 'no', organisation: executive.organisation ?? '', bio: executive.bio ?? '' }
    renderProfile(res, executive, values, {}, executive.version)
  })

  router.post('/profile', requireExecutive, async (req, res) => {
    const executive = res.locals.executive as Executive
    const body = req.body as Record<string, unknown>
    const { values, errors } = parseProfile(body)
    if (Object.keys(errors).length > 0) return renderProfile(res, executive, values, errors, parseVersion(body))
    try {
      await act(
        updateTeamProfile,
        {
          executiveId: executive.id,
          changes: { showOnTeam: values.showOnTeam === 'yes', organisation: values.organisation || null, bio: values.bio || null },
          version: parseVersion(body),
        },
        asExecutive(executive),
      )
    } catch (error) {
      if (error instanceof StaleExecutiveError) {
        const message = 'Your details changed while you were looking at them. Check what you typed, then save again.'
        return renderProfile(res, executive, values, { showOnTeam: message }, executive.version, 409)
      }
      if (error instanceof ExecutiveEndedError || error instanceof ExecutiveNotFoundError) {
        endExecutiveSignIn(req)
        return res.redirect(303, BASE)
      }
      throw error
    }
    req.session.flash =
      values.showOnTeam === 'yes' && executive.status !== 'active'
        ? 'Your profile has been saved. You will be listed on the team page once you have finished getting started.'
        : 'Your team page profile has been saved'
    res.redirect(303, BASE)
  })

  return router
}
