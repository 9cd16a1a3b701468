import 'express-session'
import type { ApplyAnswers } from './domain/application-answers.ts'
import type { NominationAnswers } from './forms/board/nomination.ts'
import type { MatchAnswers } from './forms/match.ts'

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
    /** A board nomination being filled in, for one election round. */
    nomination?: { roundId: string; answers: NominationAnswers }
    /** The round this browser last sent a nomination for, for its confirmation page. */
    nominated?: { roundId: string }
  }
}
