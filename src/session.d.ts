import 'express-session'
import type { ApplyAnswers } from './domain/application-answers.ts'
import type { InterestAnswers } from './domain/interest.ts'
import type { NominationAnswers } from './forms/board/nomination.ts'
import type { MatchAnswers } from './forms/match.ts'
import type { StaffSignInMethod } from './domain/second-factor.ts'
import type { PendingSso } from './services/sso.service.ts'

declare module 'express-session' {
  interface SessionData {
    /**
     * Answers filled in for an applicant before they send a page (the role they chose to apply
     * for, answers carried over from /match). The first page they send keeps them in the
     * application's draft (routes/apply/application-form.ts), where everything they type is
     * kept, so that a session that ends loses none of it.
     */
    prefilled?: ApplyAnswers
    /** Answers to "Find a role that suits you", carried into an application started from its results. */
    match?: MatchAnswers
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
    /** "Get emails about volunteer roles" being filled in. */
    interest?: { answers: InterestAnswers }
    /** Where the confirmation email about interest went, for the "check your email" page. */
    interestSentTo?: string
    /** What a registration of interest just confirmed asks for, for the page that says so. */
    interestConfirmed?: { anyRole: boolean; roleTitles: string[]; openRoles: { slug: string; title: string }[] }
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
    /** A board nomination being filled in, for one election round. */
    nomination?: { roundId: string; answers: NominationAnswers }
    /** The round this browser last sent a nomination for, for its confirmation page. */
    nominated?: { roundId: string }
  }
}
