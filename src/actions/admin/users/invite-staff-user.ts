import { addStaffUser, createStaffToken, type StaffUserDetails } from '../../../services/staff.service.ts'
import type { StaffUser } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'

/**
 * Adds a staff member with no password yet and emails them a link to choose one (the template
 * builds the link from the token and the base URL). EmailTakenError when an account has the address.
 */
export const inviteStaffUser: Action<StaffUserDetails, StaffUser> = async (tx, details, actor) => {
  const user = await addStaffUser(tx.manager, details, null, actor)
  const { id, token, hours } = await createStaffToken(tx.manager, 'invitation', user.id)
  await tx.email({ key: `staff-invitation:${id}`, template: 'staff-invitation', to: user.email, data: { name: user.name, token, hours } })
  return user
}
