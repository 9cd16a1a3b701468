import type { RoleStatus } from '../../../domain/role-definition.ts'
import { ROLE_ACTIONS } from '../../../domain/role-status.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import type { Action } from '../../tx.ts'

/**
 * The daily task: closes open roles whose closing date (a UK date) is before today. isRoleOpen
 * already hides them from the public in between. Returns the ids closed.
 */
export const closePastRoles: Action<{ now?: Date }, string[]> = async (tx, { now = new Date() }, actor) => {
  // The close move, for every role it applies to at once.
  const close = ROLE_ACTIONS.close
  const [rows]: [Array<{ id: string; from_status: RoleStatus }>, number] = await tx.manager.query(
    `UPDATE roles r SET status = $2, version = r.version + 1, updated_at = now()
     FROM roles before
     WHERE before.id = r.id AND r.status = ANY($3::text[]) AND r.closes_on < $1::date
     RETURNING r.id, before.status AS from_status`,
    [todayInLondon(now), close.to, close.from],
  )
  for (const row of rows) {
    await tx.audit(actor, {
      action: `role.${close.past}`,
      subjectType: 'role',
      subjectId: row.id,
      fromStatus: row.from_status,
      toStatus: close.to,
      note: 'closing date passed',
    })
  }
  return rows.map((row) => row.id)
}
