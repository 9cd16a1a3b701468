import type { EntityManager } from 'typeorm'
import { EMAILED_INTEREST_STATUSES, interestKeptUntil, REOPENED_QUIET_DAYS } from '../../domain/interest.ts'
import type { RoleStatus } from '../../domain/role-status.ts'
import { isRoleOpen } from '../../services/role.service.ts'
import type { Action, Tx } from '../tx.ts'
import { createUnsubscribeLink, unsubscribePath } from './registrations.ts'

/** The worker task that emails the people waiting for a role that has just opened. */
export const INTEREST_ROLE_OPENED_TASK = 'interest_role_opened'

export interface RoleOpening {
  roleId: string
  /** The role's version once opened: it names this opening, as opening bumps it. */
  roleVersion: number
}

export function isRoleOpening(payload: unknown): payload is RoleOpening {
  const value = payload as RoleOpening | null
  return typeof value === 'object' && value !== null && typeof value.roleId === 'string' && Number.isInteger(value.roleVersion)
}

/**
 * Called in the transaction that opens (or reopens) a role: queues the job that emails the
 * people waiting for it, so that it commits with the opening and the opening stays quick
 * however many are waiting. One job per opening (its key), however often it is queued.
 */
export async function queueRoleOpenedEmails(manager: EntityManager, role: { id: string; version: number }): Promise<void> {
  const payload: RoleOpening = { roleId: role.id, roleVersion: role.version }
  await manager.query(`SELECT graphile_worker.add_job($1, $2::json, job_key := $3, max_attempts := 12)`, [
    INTEREST_ROLE_OPENED_TASK,
    JSON.stringify(payload),
    `${INTEREST_ROLE_OPENED_TASK}:${role.id}:${role.version}`,
  ])
}

/**
 * The job: emails each confirmed registration that asked for this role (or any role) once about
 * this opening, with a link to the role and a one-click unsubscribe. Who was emailed is recorded
 * (interest_notifications) in the same transaction as the emails, so running it again sends
 * nothing more; nor does a reopening within REOPENED_QUIET_DAYS of an email about the role. A role
 * that has closed again by the time the job runs emails nobody. Returns how many were emailed.
 */
export const sendRoleOpenedEmails: Action<RoleOpening & { now?: Date }, number> = async (tx: Tx, { roleId, roleVersion, now = new Date() }) => {
  // Jobs for two openings of one role, run at once, take turns: the quiet period then holds.
  await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('interest-role-opened:' || $1))`, [roleId])
  const roles: { slug: string; title: string; summary: string; status: RoleStatus; closes_on: string | null; retention_months: number }[] = await tx.manager.query(
    `SELECT r."slug", r."title", r."summary", r."status", to_char(r."closes_on", 'YYYY-MM-DD') AS "closes_on", s."retention_months"
     FROM "roles" r, "settings" s WHERE r."id" = $1 AND s."id" = 1`,
    [roleId],
  )
  const role = roles[0]
  if (!role || !isRoleOpen({ status: role.status, closesOn: role.closes_on }, now)) return 0

  const due: { registration_id: string; email: string; confirmed_at: Date }[] = await tx.manager.query(
    `WITH due AS (
       INSERT INTO "interest_notifications" ("registration_id", "role_id", "role_version")
       SELECT r."id", $1, $2 FROM "interest_registrations" r
       WHERE r."status" = ANY($3::text[])
         AND (r."any_role" OR EXISTS (SELECT 1 FROM "interest_registration_roles" rr WHERE rr."registration_id" = r."id" AND rr."role_id" = $1))
         AND NOT EXISTS (SELECT 1 FROM "interest_notifications" n
                         WHERE n."registration_id" = r."id" AND n."role_id" = $1 AND n."notified_at" > now() - make_interval(days => $4))
       ON CONFLICT DO NOTHING
       RETURNING "registration_id"
     )
     SELECT due."registration_id", r."email", r."confirmed_at" FROM due JOIN "interest_registrations" r ON r."id" = due."registration_id"
     ORDER BY r."confirmed_at"`,
    [roleId, roleVersion, EMAILED_INTEREST_STATUSES, REOPENED_QUIET_DAYS],
  )
  for (const registration of due) {
    const unsubscribeToken = await createUnsubscribeLink(tx.manager, registration.registration_id)
    await tx.email({
      key: `interest-role-opened:${registration.registration_id}:${roleId}:${roleVersion}`,
      to: registration.email,
      template: 'interest-role-opened',
      data: {
        roleTitle: role.title,
        roleSlug: role.slug,
        roleSummary: role.summary,
        closesOn: role.closes_on,
        keptUntil: interestKeptUntil(registration.confirmed_at, role.retention_months),
        unsubscribeToken,
      },
      unsubscribePath: unsubscribePath(unsubscribeToken),
    })
  }
  return due.length
}
