import { storeAuthenticatorApp } from '../../services/second-factor.service.ts'
import { StaffUser } from '../../entities/index.ts'
import { endStaffSessions } from '../../services/staff.service.ts'
import type { Action } from '../tx.ts'

export interface AuthenticatorAppSetUp {
  userId: string
  /** The secret the person's app now holds, encrypted. */
  sealedSecret: string
  /** The time step of the code they typed to show it works: used, so it cannot sign in again. */
  usedTimeStep: number
  /** The session that set it up, which stays signed in; their other sessions end. */
  sessionId: string
}

/**
 * A staff member has set up an authenticator app (replacing any earlier one): it is stored with a
 * new set of recovery codes, audited, and they are told by email, so that someone who did not do
 * it hears of it. Their other sessions end: one signed in with the password alone (before the
 * policy asked for more) must not stay signed in, or set up an app of its own over this one.
 * Returns the recovery codes, to be shown once.
 */
export const setUpAuthenticatorApp: Action<AuthenticatorAppSetUp, string[]> = async (tx, input, actor) => {
  const user = await tx.manager.findOneByOrFail(StaffUser, { id: input.userId })
  const codes = await storeAuthenticatorApp(tx.manager, input.userId, input.sealedSecret, input.usedTimeStep)
  await endStaffSessions(tx.manager, input.userId, input.sessionId)
  await tx.audit(actor, { action: 'staff.second-factor-set-up', subjectType: 'staff_user', subjectId: input.userId, note: 'authenticator app' })
  await tx.email({
    key: `staff-second-factor-set-up:${input.userId}:${input.usedTimeStep}`,
    template: 'staff-second-factor-set-up',
    to: user.email,
    data: { name: user.name },
  })
  return codes
}
