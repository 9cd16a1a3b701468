import { AppError } from '../../../domain/errors.ts'
import { ROLE_ACTIONS, ROLE_MACHINE, type RoleAction } from '../../../domain/role-status.ts'
import { nextStatus } from '../../../domain/status-machine.ts'
import type { Role } from '../../../entities/index.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import type { Action } from '../../tx.ts'
import { queueRoleOpenedEmails } from '../../interest/notify-interest.ts'
import { changeRole, type RoleVersion } from './role-change.ts'

// The role status machine lives in src/domain/role-status.ts; the admin pages find it here too.
export { ROLE_ACTIONS, type RoleAction } from '../../../domain/role-status.ts'

export interface OpeningProblem {
  text: string
  /** The page that fixes it, relative to the role's admin page. */
  section: 'details' | 'responsibilities' | 'criteria'
}

/** The role is missing something the public page and the score sheet need. */
export class RoleNotReadyError extends AppError {
  constructor(readonly problems: OpeningProblem[]) {
    super('The role is not ready to open')
  }
}

/** What stops a role from opening: the public page needs responsibilities, reviewers need criteria. */
export function openingProblems(role: Pick<Role, 'responsibilities' | 'criteria' | 'closesOn'>, today: string): OpeningProblem[] {
  const problems: OpeningProblem[] = []
  if (role.responsibilities.length === 0) problems.push({ text: 'Add at least one responsibility', section: 'responsibilities' })
  if (!role.criteria.some((criterion) => criterion.kind === 'essential')) {
    problems.push({ text: 'Add at least one essential criterion: reviewers score applications against the criteria', section: 'criteria' })
  }
  if (role.closesOn && role.closesOn < today) problems.push({ text: 'Change the closing date: it has passed', section: 'details' })
  return problems
}

export type ChangeRoleStatus = RoleVersion & {
  action: RoleAction
  /** When it happens (tests set it): opening checks the closing date against this day. */
  now?: Date
}

/**
 * Opens, closes or archives a role, as the status machine allows. Opening checks the role is
 * ready, and queues the emails to the people who registered interest in it.
 */
export const changeRoleStatus: Action<ChangeRoleStatus, Role> = async (tx, { action, now = new Date(), ...role }, actor) => {
  const changed = await changeRole(tx, role, actor, (current) => {
    const to = nextStatus(ROLE_MACHINE, current.status, action)
    if (action === 'open') {
      const problems = openingProblems(current, todayInLondon(now))
      if (problems.length > 0) throw new RoleNotReadyError(problems)
    }
    return { changes: { status: to }, action: `role.${ROLE_ACTIONS[action].past}`, fromStatus: current.status, toStatus: to, note: null }
  })
  if (action === 'open') await queueRoleOpenedEmails(tx.manager, changed)
  return changed
}
