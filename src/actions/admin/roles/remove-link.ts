import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, RoleNotFoundError, type RoleVersion } from './role-change.ts'

/** Takes the reading link at `index` off the role page. */
export const removeLink: Action<RoleVersion & { index: number }, Role> = (tx, { index, ...role }, actor) =>
  changeRole(tx, role, actor, (current) => {
    if (!current.readingLinks[index]) throw new RoleNotFoundError(`No link ${index}`)
    return { changes: { readingLinks: current.readingLinks.filter((_, i) => i !== index) }, note: `reading link ${index + 1} removed` }
  })
