import { currentExecutiveByEmail } from '../../queries/sign-in-link.ts'
import { EXECUTIVE_SIGN_IN, emailSignInLink } from '../../services/email-sign-in.ts'
import type { Action } from '../tx.ts'

/**
 * Someone asks for a link to their getting-started checklist at `email` (lower-cased). A current
 * executive gets a sign-in link; any other address gets an email saying there is no checklist
 * for it (and no link). Either way the work is the same (see emailSignInLink), so nobody learns
 * who is an executive.
 */
export const sendExecutiveSignInLink: Action<{ email: string }, void> = async (tx, { email }) => {
  const executive = await currentExecutiveByEmail(tx.manager, { email })
  const minutes = EXECUTIVE_SIGN_IN.linkMinutes
  await emailSignInLink(tx, EXECUTIVE_SIGN_IN, email, (token) => ({
    template: 'executive-sign-in',
    data: executive ? { name: executive.name, token, minutes } : { name: null, token: null, minutes },
  }))
}
