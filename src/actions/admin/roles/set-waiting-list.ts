import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, type RoleVersion } from './role-change.ts'

/**
 * Whether the role keeps taking applications, for a waiting list, once every place is filled
 * (src/domain/places.ts); without one a filled role stops taking them until a place is free.
 */
export const setWaitingList: Action<RoleVersion & { waitingList: boolean }, Role> = (tx, { waitingList, ...role }, actor) =>
  changeRole(tx, role, actor, () => ({ changes: { waitingList }, note: waitingList ? 'waiting list kept' : 'no waiting list' }))
