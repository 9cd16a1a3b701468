import { normaliseEmail } from '../../../domain/text.ts'
import type { StaffRole } from '../../../domain/staff-roles.ts'
import { StaffUser } from '../../../entities/index.ts'
import { createStaffToken, refuseTakenEmail } from '../../../services/staff.service.ts'
import type { Action } from '../../tx.ts'

export interface InviteStaffUser {
  email: string
  name: string
  roles: StaffRole[]
  boardTermStartsOn?: string | null
  boardTermEndsOn?: string | null
}

/**
 * Adds a staff member with no password yet and emails them a link to choose one (the template
 * builds the link from the token and the base URL). EmailTakenError when an account has the address.
 */
export const inviteStaffUser: Action<InviteStaffUser, StaffUser> = async (tx, details, actor) => {
  const { manager } = tx
  const email = normaliseEmail(details.email)
  await refuseTakenEmail(manager, email)
  const user = await manager.save(
    StaffUser,
    manager.create(StaffUser, {
      email,
      name: details.name,
      roles: [...new Set(details.roles)],
      boardTermStartsOn: details.boardTermStartsOn ?? null,
      boardTermEndsOn: details.boardTermEndsOn ?? null,
      passwordHash: null,
      passwordChangedAt: null,
    }),
  )
  await tx.audit(actor, { action: 'staff.created', subjectType: 'staff_user', subjectId: user.id, note: user.roles.join(', ') })
  const { id, token, hours } = await createStaffToken(manager, 'invitation', user.id)
  await tx.email({ key: `staff-invitation:${id}`, template: 'staff-invitation', to: user.email, data: { name: user.name, token, hours } })
  return user
}
