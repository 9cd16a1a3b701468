import { APPLICANT_SIGN_IN, redeemSignInLink } from '../../services/email-sign-in.ts'
import type { Action } from '../tx.ts'

/**
 * The applicant confirms the emailed link: it is used up, and the address it was sent to is who
 * they are now signed in as. Null when the link is malformed, unknown, expired or already used.
 */
export const signInWithLink: Action<{ token: string }, string | null> = (tx, { token }) => redeemSignInLink(tx.manager, APPLICANT_SIGN_IN, token)
