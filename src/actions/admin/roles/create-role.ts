import { ROLE_MACHINE } from '../../../domain/role-status.ts'
import { Role } from '../../../entities/index.ts'
import type { RoleDetails } from '../../../domain/role-definition.ts'
import type { Action } from '../../tx.ts'
import { SlugTakenError, withSlugCheck } from './role-change.ts'

export type CreateRole = RoleDetails & { slug: string }

/** A new draft role with its details; the rest is added on the role's own pages. */
export const createRole: Action<CreateRole, Role> = (tx, details, actor) =>
  withSlugCheck(details.slug, async () => {
    const { manager } = tx
    if (await manager.existsBy(Role, { slug: details.slug })) throw new SlugTakenError(details.slug)
    const [{ next }]: [{ next: number }] = await manager.query(`SELECT coalesce(max(display_order), 0) + 1 AS next FROM roles`)
    const created = await manager.save(
      Role,
      manager.create(Role, {
        ...details,
        responsibilities: [],
        skills: [],
        criteria: [],
        readingLinks: [],
        questions: [],
        checklistTemplate: [],
        status: ROLE_MACHINE.initial,
        displayOrder: next,
        version: 1,
      }),
    )
    await tx.audit(actor, { action: 'role.created', subjectType: 'role', subjectId: created.id, toStatus: ROLE_MACHINE.initial, note: created.slug })
    return created
  })
