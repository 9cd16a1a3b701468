import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, type RoleVersion } from './role-change.ts'

/** What the person in the role does, one line each, in the order the role page lists them. */
export const updateResponsibilities: Action<RoleVersion & { responsibilities: string[] }, Role> = (tx, { responsibilities, ...role }, actor) =>
  changeRole(tx, role, actor, () => ({ changes: { responsibilities }, note: 'responsibilities' }))
