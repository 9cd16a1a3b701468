import type { EntityManager } from 'typeorm'
import type { AuditNoteNames } from '../domain/audit-words.ts'
import { normaliseReference } from '../domain/reference.ts'

export const AUDIT_LOG_PAGE_SIZE = 50

/** The first part of every audit action ("application." in "application.submitted"), for the filter. */
export const AUDIT_ACTION_PREFIXES: readonly { value: string; text: string }[] = [
  { value: 'application.', text: 'Applications' },
  { value: 'review.', text: 'Reviews' },
  { value: 'conflict.', text: 'Conflicts of interest' },
  { value: 'executive.', text: 'Executives' },
  { value: 'onboarding.', text: 'Onboarding' },
  { value: 'role.', text: 'Roles' },
  { value: 'staff.', text: 'Staff accounts' },
  { value: 'settings.', text: 'Settings' },
  { value: 'email.', text: 'Emails' },
  { value: 'data.', text: 'Data exports' },
]

export interface AuditLogFilters {
  /** e.g. "application."; matched as the start of the action. */
  actionPrefix: string | null
  /** A subject id, or an application reference (looked up to its id). */
  subject: string | null
}

export interface AuditLogRow {
  id: string
  occurredAt: Date
  actorType: string
  /** The staff member's name for staff actors; null otherwise (or when the account is gone). */
  actorName: string | null
  action: string
  subjectType: string
  subjectId: string | null
  /**
   * What the subject is called, where we know: an application's reference, a staff member's,
   * executive's or role's name, a checklist item's title, an email's subject. Looked up as the
   * page is read, so a name deleted since is no longer shown.
   */
  subjectLabel: string | null
  fromStatus: string | null
  toStatus: string | null
  note: string | null
}

export interface AuditLogPage {
  rows: AuditLogRow[]
  /** Names for the ids and keys the rows' notes mention (an executive's id, a role's slug). */
  noteNames: AuditNoteNames
  total: number
  page: number
  pageCount: number
  pageSize: number
}

interface Row {
  id: string
  occurred_at: Date
  actor_type: string
  actor_name: string | null
  action: string
  subject_type: string
  subject_id: string | null
  subject_label: string | null
  from_status: string | null
  to_status: string | null
  note: string | null
}

// Ids are text in the audit table; compared as uuids (so the primary keys' indexes are used) only
// when they look like one, since a cast of anything else would fail the whole query.
const asUuid = (column: string) => `(CASE WHEN ${column} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ${column}::uuid END)`

/** A page of the audit trail for admins (/admin/audit), newest first. Writing it is services/audit.ts. */
export async function auditLogPage(db: EntityManager, { filters, page: requestedPage }: { filters: AuditLogFilters; page: number }): Promise<AuditLogPage> {
  const subjectIds = filters.subject ? await subjectIdsFor(db, filters.subject) : null
  const where = `WHERE ($1::text IS NULL OR e."action" LIKE $1 || '%') AND ($2::text[] IS NULL OR e."subject_id" = ANY($2::text[]))`
  // LIKE treats _ and % as wildcards: escape them, since a prefix is taken literally.
  const prefix = filters.actionPrefix ? filters.actionPrefix.replace(/[\\%_]/g, '\\$&') : null
  const [{ count }]: [{ count: string }] = await db.query(`SELECT count(*) AS "count" FROM "audit_events" e ${where}`, [prefix, subjectIds])
  const total = Number(count)
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_LOG_PAGE_SIZE))
  const page = Math.min(Math.max(1, requestedPage), pageCount)
  const rows: Row[] = await db.query(
    `SELECT e."id", e."occurred_at", e."actor_type", actor."name" AS "actor_name", e."action", e."subject_type", e."subject_id",
            CASE e."subject_type"
              WHEN 'application' THEN (SELECT a."reference" FROM "applications" a WHERE a."id" = ${asUuid('e."subject_id"')})
              WHEN 'staff_user' THEN (SELECT s."name" FROM "staff_users" s WHERE s."id" = ${asUuid('e."subject_id"')})
              WHEN 'role' THEN (SELECT r."title" FROM "roles" r WHERE r."id" = ${asUuid('e."subject_id"')})
              WHEN 'executive' THEN (SELECT x."name" FROM "executives" x WHERE x."id" = ${asUuid('e."subject_id"')})
              WHEN 'onboarding_item' THEN (SELECT i."title" FROM "onboarding_items" i WHERE i."id" = ${asUuid('e."subject_id"')})
              WHEN 'email_message' THEN (SELECT m."subject" FROM "email_messages" m WHERE m."id" = ${asUuid('e."subject_id"')})
              WHEN 'settings' THEN 'The service’s settings'
            END AS "subject_label",
            e."from_status", e."to_status", e."note"
     FROM "audit_events" e
     LEFT JOIN "staff_users" actor ON e."actor_type" = 'staff' AND actor."id" = ${asUuid('e."actor_id"')}
     ${where}
     ORDER BY e."occurred_at" DESC, e."id" DESC
     LIMIT $3 OFFSET $4`,
    [prefix, subjectIds, AUDIT_LOG_PAGE_SIZE, (page - 1) * AUDIT_LOG_PAGE_SIZE],
  )
  return {
    noteNames: await noteNames(db, rows),
    rows: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at,
      actorType: row.actor_type,
      actorName: row.actor_name,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      subjectLabel: row.subject_label,
      fromStatus: row.from_status,
      toStatus: row.to_status,
      note: row.note,
    })),
    total,
    page,
    pageCount,
    pageSize: AUDIT_LOG_PAGE_SIZE,
  }
}

const UUID_IN_NOTE = /\bexecutive: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g
const ROLE_IN_NOTE = /\brole: ([a-z0-9-]+)$/

/** The executives and roles the notes on this page name by id or slug (two queries, whatever the page). */
async function noteNames(db: EntityManager, rows: Pick<Row, 'note'>[]): Promise<AuditNoteNames> {
  const executiveIds = [...new Set(rows.flatMap((row) => [...(row.note ?? '').matchAll(UUID_IN_NOTE)].map((match) => match[1]!)))]
  const slugs = [...new Set(rows.map((row) => ROLE_IN_NOTE.exec(row.note ?? '')?.[1]).filter((slug): slug is string => !!slug))]
  const executives: { id: string; name: string }[] = executiveIds.length
    ? await db.query(`SELECT "id", "name" FROM "executives" WHERE "id" = ANY($1::uuid[])`, [executiveIds])
    : []
  const roles: { slug: string; title: string }[] = slugs.length ? await db.query(`SELECT "slug", "title" FROM "roles" WHERE "slug" = ANY($1::text[])`, [slugs]) : []
  return {
    executives: Object.fromEntries(executives.map((executive) => [executive.id, executive.name])),
    roles: Object.fromEntries(roles.map((role) => [role.slug, role.title])),
  }
}

/** The id as typed, plus the application's id when it is a reference (people know references, not ids). */
async function subjectIdsFor(db: EntityManager, subject: string): Promise<string[]> {
  const ids = [subject]
  const reference = normaliseReference(subject)
  if (reference) {
    const rows: { id: string }[] = await db.query(`SELECT "id" FROM "applications" WHERE "reference" = $1`, [reference])
    ids.push(...rows.map((row) => row.id))
  }
  return ids
}
