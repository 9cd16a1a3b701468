import { currentExecutiveByEmail } from '../../queries/sign-in-link.ts'
import { EXECUTIVE_SIGN_IN, redeemSignInLink } from '../../services/email-sign-in.ts'
import type { Action } from '../tx.ts'

/**
 * The executive confirms the emailed link: it is used up, and returns the id of the current
 * executive it was sent to, or null. The audit row names the executive found, whoever the
 * caller said was acting.
 */
export const signInExecutiveWithLink: Action<{ token: string }, string | null> = async (tx, { token }) => {
  const email = await redeemSignInLink(tx.manager, EXECUTIVE_SIGN_IN, token)
  if (!email) return null
  const executive = await currentExecutiveByEmail(tx.manager, { email })
  if (!executive) return null
  await tx.audit({ type: 'executive', id: executive.id }, { action: 'executive.signed-in', subjectType: 'executive', subjectId: executive.id })
  return executive.id
}
