import { APPLICANT_SIGN_IN, signInLinkAddress } from '../services/email-sign-in.ts'
import type { Query } from './query.ts'

/** Whether an applicant's emailed link would still sign them in, without using it up. */
export const applicantSignInLinkUsable: Query<{ token: string }, boolean> = async (db, { token }) =>
  (await signInLinkAddress(db, APPLICANT_SIGN_IN, token)) !== null
