import { randomUUID } from 'node:crypto'
import { StaffUser } from '../../../entities/index.ts'
import { removeSecondFactor } from '../../../services/second-factor.service.ts'
import { endStaffSessions } from '../../../services/staff.service.ts'
import type { Action } from '../../tx.ts'

/**
 * An admin resets a staff member's authenticator app (they lost their phone and their recovery
 * codes): the app and the codes go, they are signed out everywhere, it is audited, and they are
 * emailed. At their next sign-in they set up a new app (when the policy asks for one). False when
 * they had no app.
 */
export const resetSecondFactor: Action<{ id: string }, boolean> = async (tx, { id }, actor) => {
  if (id === actor.id) throw new Error('Admins cannot reset their own authenticator app: they set up a new one from their account page')
  const user = await tx.manager.findOneByOrFail(StaffUser, { id })
  if (!(await removeSecondFactor(tx.manager, id))) return false
  await endStaffSessions(tx.manager, id)
  await tx.audit(actor, { action: 'staff.second-factor-reset', subjectType: 'staff_user', subjectId: id })
  await tx.email({ key: `staff-second-factor-reset:${randomUUID()}`, template: 'staff-second-factor-reset', to: user.email, data: { name: user.name } })
  return true
}
