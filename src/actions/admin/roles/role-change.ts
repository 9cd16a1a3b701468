import { QueryFailedError, type EntityManager } from 'typeorm'
import type { RoleStatus } from '../../../domain/role-definition.ts'
import { AppError } from '../../../domain/errors.ts'
import { Role } from '../../../entities/index.ts'
import type { Actor, Tx } from '../../tx.ts'

// Role definitions, as community managers keep them. Every change is one UPDATE guarded by the
// version the person was looking at (a stale edit changes nothing), bumps the version and writes an
// audit row; the route then forgets the cached public roles. Applications are untouched: each keeps
// its own snapshot of the questions and criteria it was made against (application_roles).

export class RoleNotFoundError extends AppError {}

/** Someone changed the role since the person opened the page. Nothing was written. */
export class StaleRoleError extends AppError {
  constructor() {
    super('The role was changed by someone else')
  }
}

export class SlugTakenError extends AppError {
  constructor(slug: string) {
    super(`Another role already uses ${slug}`)
  }
}

/** Which role, as the person saw it: every change to a role takes these. */
export interface RoleVersion {
  id: string
  /** The version on the page the person submitted. */
  version: number
}

export interface Change {
  changes: Partial<Role>
  note: string | null
  action?: string
  fromStatus?: RoleStatus
  toStatus?: RoleStatus
}

/**
 * One change to a role: reads it, lets `plan` work out the new values (or refuse), then writes
 * them only if the version is still the one the person saw, with the audit row.
 */
export async function changeRole(
  tx: Tx,
  { id, version }: RoleVersion,
  actor: Actor,
  plan: (role: Role, manager: EntityManager) => Change | Promise<Change>,
): Promise<Role> {
  const { manager } = tx
  const role = await manager.findOneBy(Role, { id })
  if (!role) throw new RoleNotFoundError(`No role ${id}`)
  if (!Number.isInteger(version) || role.version !== version) throw new StaleRoleError()
  const { changes, note, action, fromStatus, toStatus } = await plan(role, manager)
  const result = await manager
    .createQueryBuilder()
    .update(Role)
    .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
    .where('id = :id AND version = :version', { id, version })
    .execute()
  if (result.affected !== 1) throw new StaleRoleError()
  await tx.audit(actor, {
    action: action ?? 'role.updated',
    subjectType: 'role',
    subjectId: id,
    fromStatus: fromStatus ?? null,
    toStatus: toStatus ?? null,
    note: note ? `${note}; version ${version + 1}` : `version ${version + 1}`,
  })
  return manager.findOneByOrFail(Role, { id })
}

/** The unique index is the last word on slugs: two people creating the same one at once. */
export async function withSlugCheck<T>(slug: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : null
    if (slug && driverError?.code === '23505' && driverError.constraint === 'roles_slug_key') throw new SlugTakenError(slug)
    throw error
  }
}
