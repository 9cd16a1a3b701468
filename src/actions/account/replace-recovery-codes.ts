import { replaceRecoveryCodes as storeNewCodes } from '../../services/second-factor.service.ts'
import { StaffSecondFactor } from '../../entities/index.ts'
import type { Action } from '../tx.ts'

/** A new set of recovery codes for a staff member with an authenticator app; the old ones stop working. Null without an app. */
export const replaceRecoveryCodes: Action<{ userId: string }, string[] | null> = async (tx, { userId }, actor) => {
  if (!(await tx.manager.existsBy(StaffSecondFactor, { staffUserId: userId }))) return null
  const codes = await storeNewCodes(tx.manager, userId)
  await tx.audit(actor, { action: 'staff.recovery-codes-replaced', subjectType: 'staff_user', subjectId: userId })
  return codes
}
