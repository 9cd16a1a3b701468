import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, type RoleVersion } from './role-change.ts'

/** The skills the role draws on: applicants choose from them, and matching suggests roles by them. */
export const updateSkills: Action<RoleVersion & { skills: string[] }, Role> = (tx, { skills, ...role }, actor) =>
  changeRole(tx, role, actor, () => ({ changes: { skills }, note: 'skills' }))
