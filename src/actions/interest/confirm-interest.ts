import { INTEREST_TRANSITIONS } from '../../domain/interest.ts'
import { CONFIRMABLE, confirmableParameters } from '../../queries/interest.ts'
import { isWellFormedToken } from '../../services/tokens.ts'
import { isRoleOpen } from '../../services/role.service.ts'
import type { RoleStatus } from '../../domain/role-status.ts'
import type { Action } from '../tx.ts'
import { deleteRegistrations } from './registrations.ts'

export interface ConfirmedInterest {
  anyRole: boolean
  roleTitles: string[]
  /** Of the roles asked about (every role, for any role), those open now: the page offers to apply. */
  openRoles: { slug: string; title: string }[]
}

/**
 * The person confirms their address from the emailed link: the registration starts (the
 * retention period counts from now) and replaces any other the address had, confirmed or not.
 * Null when the link is malformed, unknown, used or older than CONFIRM_LINK_HOURS.
 */
export const confirmInterest: Action<{ token: string }, ConfirmedInterest | null> = async (tx, { token }, actor) => {
  if (!isWellFormedToken(token)) return null
  const parameters = confirmableParameters(token)
  const found: { email: string }[] = await tx.manager.query(`SELECT "email" FROM "interest_registrations" WHERE ${CONFIRMABLE}`, parameters)
  if (!found[0]) return null
  // One confirmation per address at a time: two links confirmed at once must not both stay.
  await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('interest-registration:' || $1))`, [found[0].email])
  const locked: { id: string; email: string; any_role: boolean }[] = await tx.manager.query(
    `SELECT "id", "email", "any_role" FROM "interest_registrations" WHERE ${CONFIRMABLE} FOR UPDATE`,
    parameters,
  )
  const registration = locked[0]
  if (!registration) return null

  const others: { id: string }[] = await tx.manager.query(`SELECT "id" FROM "interest_registrations" WHERE "email" = $1 AND "id" <> $2`, [
    registration.email,
    registration.id,
  ])
  await deleteRegistrations(tx, actor, others.map((other) => other.id), 'interest.replaced', 'replaced by a newer registration from the same address')
  await tx.manager.query(
    `UPDATE "interest_registrations" SET "status" = $2, "confirmed_at" = now(), "confirm_token_hash" = NULL WHERE "id" = $1`,
    [registration.id, INTEREST_TRANSITIONS.confirm.to],
  )
  await tx.audit(actor, { action: 'interest.confirmed', subjectType: 'interest_registration', subjectId: registration.id, fromStatus: 'pending', toStatus: 'confirmed' })

  const roles: { slug: string; title: string; status: RoleStatus; closes_on: string | null }[] = await tx.manager.query(
    registration.any_role
      ? `SELECT "slug", "title", "status", to_char("closes_on", 'YYYY-MM-DD') AS "closes_on" FROM "roles" WHERE "status" = 'open' ORDER BY "display_order", "title"`
      : `SELECT ro."slug", ro."title", ro."status", to_char(ro."closes_on", 'YYYY-MM-DD') AS "closes_on"
         FROM "interest_registration_roles" rr JOIN "roles" ro ON ro."id" = rr."role_id"
         WHERE rr."registration_id" = $1 ORDER BY ro."display_order", ro."title"`,
    registration.any_role ? [] : [registration.id],
  )
  return {
    anyRole: registration.any_role,
    roleTitles: registration.any_role ? [] : roles.map((role) => role.title),
    openRoles: roles.filter((role) => isRoleOpen({ status: role.status, closesOn: role.closes_on })).map(({ slug, title }) => ({ slug, title })),
  }
}
