import type { Role } from '../../../entities/index.ts'
import type { CriteriaText } from '../../../domain/role-definition.ts'
import type { Action } from '../../tx.ts'
import { changeRole, type RoleVersion } from './role-change.ts'
import { assignCriterionKeys } from './role-keys.ts'

/** The essential and desirable criteria; each keeps its key through rewording (see assignCriterionKeys). */
export const updateCriteria: Action<RoleVersion & { criteria: CriteriaText }, Role> = (tx, { criteria, ...role }, actor) =>
  changeRole(tx, role, actor, (current) => ({ changes: { criteria: assignCriterionKeys(current.criteria, criteria) }, note: 'criteria' }))
