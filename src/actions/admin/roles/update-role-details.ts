import { Role } from '../../../entities/index.ts'
import type { RoleDetails } from '../../../domain/role-definition.ts'
import type { Action } from '../../tx.ts'
import { changeRole, SlugTakenError, withSlugCheck, type RoleVersion } from './role-change.ts'

export type UpdateRoleDetails = RoleVersion & { details: RoleDetails }

/** A role's title, web address, summary, hours, places and closing date. */
export const updateRoleDetails: Action<UpdateRoleDetails, Role> = (tx, { details, ...role }, actor) =>
  withSlugCheck(details.slug, () =>
    changeRole(tx, role, actor, async (current, manager) => {
      const { slug, ...rest } = details
      const changes: Partial<Role> = { ...rest }
      // The web address is fixed once the role has been public: links to it are out there.
      if (slug !== null && current.status === 'draft' && slug !== current.slug) {
        if (await manager.existsBy(Role, { slug })) throw new SlugTakenError(slug)
        changes.slug = slug
      }
      return { changes, note: 'details' }
    }),
  )
