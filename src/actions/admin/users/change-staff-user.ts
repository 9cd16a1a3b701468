import type { StaffRole } from '../../../domain/staff-roles.ts'
import { StaffUser } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'

export interface ChangeStaffUser {
  id: string
  name: string
  roles: StaffRole[]
  boardTermStartsOn: string | null
  boardTermEndsOn: string | null
}

/** Changes someone's name, roles and board term. An admin cannot remove their own admin role. */
export const changeStaffUser: Action<ChangeStaffUser, void> = async (tx, { id, ...changes }, actor) => {
  const roles = id === actor.id && !changes.roles.includes('admin') ? [...changes.roles, 'admin' as const] : changes.roles
  await tx.manager.update(StaffUser, { id }, { ...changes, roles })
  await tx.audit(actor, { action: 'staff.updated', subjectType: 'staff_user', subjectId: id, note: roles.join(', ') })
}
