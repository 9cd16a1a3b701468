import { StaffUser } from '../../../entities/index.ts'
import { endStaffSessions } from '../../../services/staff.service.ts'
import type { Action } from '../../tx.ts'

/** Closes a staff account: they are signed out everywhere and their unused links stop working. */
export const deactivateStaffUser: Action<{ id: string }, void> = async (tx, { id }, actor) => {
  if (id === actor.id) throw new Error('Admins cannot deactivate their own account')
  await tx.manager.update(StaffUser, { id }, { active: false })
  await endStaffSessions(tx.manager, id)
  await tx.manager.query(`UPDATE staff_tokens SET used_at = now() WHERE staff_user_id = $1 AND used_at IS NULL`, [id])
  await tx.audit(actor, { action: 'staff.deactivated', subjectType: 'staff_user', subjectId: id })
}
