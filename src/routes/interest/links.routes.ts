import { Router, type Response } from 'express'
import { confirmInterest } from '../../actions/interest/confirm-interest.ts'
import { unsubscribeInterest } from '../../actions/interest/unsubscribe-interest.ts'
import { CONFIRM_LINK_HOURS } from '../../domain/interest.ts'
import { tooManyPage } from '../../middleware/rate-limits.ts'
import { interestConfirmLinkUsable, interestUnsubscribeLinkUsable } from '../../queries/interest.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'
import { isWellFormedToken } from '../../services/tokens.ts'

const BASE = '/interest'
const VIEWS = 'pages/interest'

/**
 * The links in the emails. Each GET shows a button rather than acting, so that a mail scanner
 * that follows links changes nothing; the POST acts. The unsubscribe POST is also the one-click
 * unsubscribe of RFC 8058, which a mail program sends with no session and no CSRF token
 * (setUpCsrf exempts exactly that path): the token in it is the authority.
 */
export default function linkRoutes(services: Services): Router {
  const router = Router()
  const { act, read } = services

  const confirmExpired = (res: Response, token: string) =>
    res.status(isWellFormedToken(token) ? 410 : 400).render(`${VIEWS}/link-expired`, { title: 'This link has expired or has already been used', hours: CONFIRM_LINK_HOURS })

  router.get('/confirm/:token', async (req, res) => {
    const token = String(req.params.token)
    if (!(await read(interestConfirmLinkUsable, { token }))) return confirmExpired(res, token)
    res.render(`${VIEWS}/confirm`, { title: 'Confirm your email address', formAction: `${BASE}/confirm/${token}` })
  })

  const confirmationsPerIp = services.limits.perIp('interestConfirmationsPerIp', {
    onReached: tooManyPage('interestConfirmationsPerIp', `${VIEWS}/too-many`, 'You have tried too many times'),
  })

  router.post('/confirm/:token', confirmationsPerIp, async (req, res) => {
    const token = String(req.params.token)
    const confirmed = await act(confirmInterest, { token }, APPLICANT)
    if (!confirmed) return confirmExpired(res, token)
    req.session.interestConfirmed = confirmed
    delete req.session.interestSentTo
    res.redirect(303, `${BASE}/confirmed`)
  })

  router.get('/confirmed', (req, res) => {
    const confirmed = req.session.interestConfirmed
    if (!confirmed) return res.redirect(303, BASE)
    res.render(`${VIEWS}/confirmed`, { title: 'You will get an email when a role opens', confirmed })
  })

  router.get('/unsubscribe/:token', async (req, res, next) => {
    const token = String(req.params.token)
    if (!isWellFormedToken(token)) return next()
    if (!(await read(interestUnsubscribeLinkUsable, { token }))) {
      return res.status(410).render(`${VIEWS}/unsubscribe-gone`, { title: 'You are not getting emails about volunteer roles' })
    }
    res.render(`${VIEWS}/unsubscribe`, { title: 'Unsubscribe from emails about volunteer roles?', formAction: `${BASE}/unsubscribe/${token}` })
  })

  router.post('/unsubscribe/:token', async (req, res, next) => {
    const token = String(req.params.token)
    if (!isWellFormedToken(token)) return next()
    // Unsubscribing twice, or with a link whose registration has expired, ends the same way.
    await act(unsubscribeInterest, { token }, APPLICANT)
    const fromOurPage = typeof (req.body as Record<string, unknown> | undefined)?._csrf === 'string'
    // A mail program's one-click POST must not be redirected (RFC 8058): it gets the page itself.
    if (!fromOurPage) return res.render(`${VIEWS}/unsubscribed`, { title: 'You have unsubscribed' })
    res.redirect(303, `${BASE}/unsubscribed`)
  })

  router.get('/unsubscribed', (_req, res) => {
    res.render(`${VIEWS}/unsubscribed`, { title: 'You have unsubscribed' })
  })

  return router
}
