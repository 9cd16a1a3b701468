import { Router } from 'express'
import type { Authenticator } from '../middleware/setUpAuthentication.ts'
import type { Services } from '../services/index.ts'
import type { PageCache } from '../views/page-cache.ts'
import accountArea from './account/index.ts'
import adminAuditRoutes from './admin/audit/audit.routes.ts'
import adminDataRoutes from './admin/data/data.routes.ts'
import adminEmailRoutes from './admin/emails/emails.routes.ts'
import adminEqualityRoutes from './admin/equality/equality.routes.ts'
import adminRolesArea from './admin/roles/index.ts'
import adminRoundsRoutes from './admin/rounds/rounds.routes.ts'
import adminSettingsRoutes from './admin/settings/settings.routes.ts'
import adminUsersArea from './admin/users/index.ts'
import applyArea from './apply/index.ts'
import authRoutes from './auth/auth.routes.ts'
import interestArea from './interest/index.ts'
import secondFactorSignInRoutes from './auth/second-factor.routes.ts'
import ssoRoutes from './auth/sso.routes.ts'
import boardArea from './board/index.ts'
import conversationLinkRoutes from './conversation/conversation.routes.ts'
import matchRoutes from './match/match.routes.ts'
import myApplicationRoutes from './my-application/my-application.routes.ts'
import myOnboardingRoutes from './my-onboarding/my-onboarding.routes.ts'
import offerRoutes from './offer/offer.routes.ts'
import onboardingRoutes from './onboarding/onboarding.routes.ts'
import publicRoutes from './public/public.routes.ts'
import reportsRoutes from './reports/reports.routes.ts'
import reviewArea from './review/index.ts'
import staffRoutes from './staff/staff.routes.ts'

/**
 * The route table: every URL the service answers, one router per area at its prefix. An area's
 * code is in the folder of the same path (/admin/roles -> routes/admin/roles/), and the paths
 * inside it are relative to the prefix. Who may see a page is said in its area.
 */
export default function routes(services: Services, options: { pages: PageCache; passport: Authenticator }): Router {
  const router = Router()

  // Public reading pages: /, /roles, /roles/:slug, /team, /privacy, /accessibility, /cookies.
  router.use('/', publicRoutes(services, options.pages))
  router.use('/match', matchRoutes(services))
  // Staff sign-in: /sign-in, /sign-out, /signed-out, /setup, /invitation/:token, /reset-password/:token, /forgot-password.
  router.use('/', authRoutes(services, options.passport))
  // After a right password, the second factor: /sign-in/code, /sign-in/recovery-code. Single sign-on: /sign-in/sso, /sign-in/sso/callback.
  router.use('/', secondFactorSignInRoutes(services))
  router.use('/', ssoRoutes(services))
  router.use('/staff', staffRoutes(services))
  router.use('/account', accountArea(services))

  // Applicants and new executives, with no staff account.
  router.use('/apply', applyArea(services))
  router.use('/my-application', myApplicationRoutes(services))
  router.use('/offer', offerRoutes(services))
  router.use('/conversation', conversationLinkRoutes(services))
  router.use('/my-onboarding', myOnboardingRoutes(services))
  // Anyone: asking to be emailed when a role opens, and the links in those emails.
  router.use('/interest', interestArea(services))

  // Staff.
  router.use('/onboarding', onboardingRoutes(services))
  router.use('/review', reviewArea(services))
  router.use('/reports', reportsRoutes(services))
  router.use('/admin/users', adminUsersArea(services))
  router.use('/admin/settings', adminSettingsRoutes(services))
  router.use('/admin/emails', adminEmailRoutes(services))
  router.use('/admin/audit', adminAuditRoutes(services))
  router.use('/admin/data', adminDataRoutes(services))
  router.use('/admin/equality', adminEqualityRoutes(services))
  router.use('/admin/roles', adminRolesArea(services))
  router.use('/admin/rounds', adminRoundsRoutes(services))
  // The board: seats and terms (board members and admins); more is said in its area.
  router.use('/board', boardArea(services))

  return router
}
