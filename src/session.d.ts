import 'express-session'
import type { ApplyAnswers } from './domain/application-answers.ts'
import type { MatchAnswers } from './forms/match.ts'
import type { StaffSignInMethod } from './domain/second-factor.ts'
import type { PendingSso } from './services/sso.service.ts'

declare module 'express-session' {
  interface SessionData {
    /** The application being filled in. */
    apply?: {
      /** The form's id: submitting the same form twice makes one application. */
      formId: string
      answers: ApplyAnswers
      /** The draft saved from this form, replaced when it is saved again. */
      draftId?: string
    }
    /** Answers to "Find a role that suits you", carried into an application started from its results. */
    match?: MatchAnswers
    /** The answers were saved as a draft and emailed. */
    draftSaved?: boolean
    /** The last application this browser submitted, for the confirmation page and replays. */
    submitted?: { formId: string; reference: string }
    /** A one-off success message for the next page. */
    flash?: string
    /** When a staff member signed in (ms since the epoch), for the absolute session lifetime. */
    staffSignedInAt?: number
    /** Where to go after signing in. */
    returnTo?: string
    /** An applicant signed in with an emailed link: their lower-cased address. */
    applicantEmail?: string
    applicantSignedInAt?: number
    /** A new executive signed in with an emailed link: their executive id. */
    executiveId?: string
    executiveSignedInAt?: number
    /** How the staff member signed in: "staff must use SSO or a second factor" reads it. */
    staffSignInMethod?: StaffSignInMethod
    /** The password was right; the authenticator app's code (or a recovery code) comes next. */
    pendingSecondFactor?: { staffUserId: string; startedAt: number; returnTo?: string }
    /** A single sign-on in progress at the identity provider. */
    pendingSso?: PendingSso & { returnTo?: string }
    /** An authenticator app being set up: its secret, encrypted (never in clear in the sessions table). */
    authenticatorSetUp?: { sealedSecret: string }
    /** New recovery codes to show once, encrypted. */
    recoveryCodesToShow?: string
  }
}
