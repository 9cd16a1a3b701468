import { Router, type Request, type Response } from 'express'
import { replaceRecoveryCodes } from '../../actions/account/replace-recovery-codes.ts'
import { setUpAuthenticatorApp } from '../../actions/account/set-up-authenticator-app.ts'
import { groupedSecret, RECOVERY_CODE_COUNT } from '../../domain/second-factor.ts'
import { parseTotpCode } from '../../forms/second-factor.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { requireStaff, requireStaffSettingUpSecondFactor } from '../../middleware/setUpAuthentication.ts'
import type { Services } from '../../services/index.ts'
import { staffActor } from '../admin/staff-actor.ts'
import { landingPage } from '../auth/finish-sign-in.ts'

/**
 * /account/authenticator-app and /account/recovery-codes: a staff member sets up an
 * authenticator app (also at their first sign-in when the policy asks for a second factor), and
 * sees their recovery codes once.
 */
export default function secondFactorAccountRoutes(services: Services): Router {
  const router = Router()

  /** The secret being set up in this session, made on the first visit and kept (encrypted) until it is confirmed. */
  function sealedSecretFor(req: Request): string {
    req.session.authenticatorSetUp ??= { sealedSecret: services.secondFactor.newSealedSecret(req.user!.id) }
    return req.session.authenticatorSetUp.sealedSecret
  }

  async function render(req: Request, res: Response, errors: Errors) {
    let provisioning = services.secondFactor.provisioning(sealedSecretFor(req), req.user!, (await services.settings.get()).communityName)
    if (!provisioning) {
      // Sealed with another key, or for someone else: start again with a new secret.
      delete req.session.authenticatorSetUp
      provisioning = services.secondFactor.provisioning(sealedSecretFor(req), req.user!, (await services.settings.get()).communityName)!
    }
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/staff/authenticator-app', {
      title: 'Set up an authenticator app',
      errors,
      errorList: errorList(errors),
      qr: provisioning.qr,
      secret: groupedSecret(provisioning.secret),
      required: res.locals.secondFactorSetUpNeeded === true,
      backLink: res.locals.secondFactorSetUpNeeded ? null : { href: '/account', text: 'Back to your account' },
    })
  }

  router.get('/authenticator-app', requireStaffSettingUpSecondFactor(), async (req, res) => {
    await render(req, res, {})
  })

  router.post('/authenticator-app', requireStaffSettingUpSecondFactor(), async (req, res) => {
    const { values, errors } = parseTotpCode(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return render(req, res, errors)
    const sealedSecret = sealedSecretFor(req)
    const timeStep = await services.secondFactor.checkSetUpCode(sealedSecret, req.user!.id, values.code)
    if (timeStep === null) return render(req, res, { code: 'Enter the code your authenticator app shows now for this service' })
    const codes = await services.act(setUpAuthenticatorApp, { userId: req.user!.id, sealedSecret, usedTimeStep: timeStep, sessionId: req.sessionID }, staffActor(req))
    delete req.session.authenticatorSetUp
    // This sign-in has now shown the app's code: the policy is met from here on.
    req.session.staffSignInMethod = 'password-and-code'
    req.session.recoveryCodesToShow = services.secondFactor.sealCodesForSession(codes, req.user!.id)
    res.redirect(303, '/account/recovery-codes')
  })

  // New codes are shown here once, straight after they are made; after that only how many are left.
  router.get('/recovery-codes', requireStaff(), async (req, res) => {
    const sealed = req.session.recoveryCodesToShow
    delete req.session.recoveryCodesToShow
    const codes = sealed ? services.secondFactor.openCodesFromSession(sealed, req.user!.id) : null
    const status = await services.secondFactor.status(req.user!.id)
    res.render('pages/staff/recovery-codes', {
      title: codes ? 'Your recovery codes' : 'Recovery codes',
      codes,
      status,
      count: RECOVERY_CODE_COUNT,
      continueTo: landingPage(req.user!),
      backLink: codes ? null : { href: '/account', text: 'Back to your account' },
    })
  })

  router.post('/recovery-codes', requireStaff(), async (req, res) => {
    const codes = await services.act(replaceRecoveryCodes, { userId: req.user!.id }, staffActor(req))
    if (!codes) return res.redirect(303, '/account/authenticator-app')
    req.session.recoveryCodesToShow = services.secondFactor.sealCodesForSession(codes, req.user!.id)
    res.redirect(303, '/account/recovery-codes')
  })

  return router
}
