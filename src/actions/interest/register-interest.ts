import { CONFIRM_LINK_HOURS } from '../../domain/interest.ts'
import { AppError } from '../../domain/errors.ts'
import { PUBLIC_ROLE_STATUSES } from '../../domain/role-status.ts'
import { createToken } from '../../services/tokens.ts'
import type { Action } from '../tx.ts'
import { createUnsubscribeLink, unsubscribePath } from './registrations.ts'

export interface RegisterInterest {
  /** Lower-cased. */
  email: string
  anyRole: boolean
  /** Slugs of roles the public can see; ignored when anyRole. */
  roleSlugs: string[]
}

/** None of the roles chosen can be seen any more (archived while the person was choosing). */
export class InterestRolesGoneError extends AppError {
  constructor() {
    super('None of the chosen roles is still listed')
  }
}

interface RoleRow {
  id: string
  title: string
}

/**
 * Someone asks to be emailed when roles open. A new registration waits, unconfirmed, for the
 * link in the email it sends: nothing more is ever sent to an address that did not confirm.
 * When the address already has a confirmed registration, the email says what it already gets,
 * and its link switches it to the new choice; the person on screen is told the same either way,
 * and the work is the same (a registration and an email), so nobody learns who has registered.
 */
export const registerInterest: Action<RegisterInterest, void> = async (tx, { email, anyRole, roleSlugs }, actor) => {
  const roles: RoleRow[] = anyRole
    ? []
    : await tx.manager.query(`SELECT "id", "title" FROM "roles" WHERE "slug" = ANY($1::text[]) AND "status" = ANY($2::text[]) ORDER BY "display_order", "title"`, [
        roleSlugs,
        PUBLIC_ROLE_STATUSES,
      ])
  if (!anyRole && roles.length === 0) throw new InterestRolesGoneError()

  const current: { id: string; any_role: boolean; role_titles: string[] }[] = await tx.manager.query(
    `SELECT r."id", r."any_role",
            array(SELECT ro."title" FROM "interest_registration_roles" rr JOIN "roles" ro ON ro."id" = rr."role_id"
                  WHERE rr."registration_id" = r."id" ORDER BY ro."display_order", ro."title") AS "role_titles"
     FROM "interest_registrations" r WHERE r."email" = $1 AND r."status" = 'confirmed'`,
    [email],
  )
  const registered = current[0] ?? null

  const { token, hash } = createToken()
  const inserted: { id: string }[] = await tx.manager.query(
    `INSERT INTO "interest_registrations" ("email", "any_role", "status", "confirm_token_hash", "consented_at")
     VALUES ($1, $2, 'pending', $3, now()) RETURNING "id"`,
    [email, anyRole, hash],
  )
  const id = inserted[0]!.id
  if (roles.length > 0) {
    await tx.manager.query(`INSERT INTO "interest_registration_roles" ("registration_id", "role_id") SELECT $1, unnest($2::uuid[])`, [id, roles.map((role) => role.id)])
  }
  await tx.audit(actor, { action: 'interest.registered', subjectType: 'interest_registration', subjectId: id, toStatus: 'pending' })

  // The unsubscribe link stops everything: for a new address it withdraws this request, for a
  // registered one it ends the registration it already has.
  const unsubscribeToken = await createUnsubscribeLink(tx.manager, registered?.id ?? id)
  const data = { token, hours: CONFIRM_LINK_HOURS, anyRole, roleTitles: roles.map((role) => role.title), unsubscribeToken }
  await tx.email({
    key: `${registered ? 'interest-already-registered' : 'interest-confirm'}:${id}`,
    to: email,
    template: registered ? 'interest-already-registered' : 'interest-confirm',
    data: registered ? { ...data, currentAnyRole: registered.any_role, currentRoleTitles: registered.role_titles } : data,
    unsubscribePath: unsubscribePath(unsubscribeToken),
  })
}
