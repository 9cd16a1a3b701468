import { Router, type Request } from 'express'
import { auditActionText, auditNoteText, auditStatusText, auditSubjectTypeText } from '../../../domain/audit-words.ts'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import { AUDIT_ACTION_PREFIXES, auditLogPage, type AuditLogFilters } from '../../../queries/audit-log.ts'
import type { Services } from '../../../services/index.ts'

const BASE = '/admin/audit'

function single(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** The filters from the query string: an action prefix from the list, a subject id of sensible length. */
function parseQuery(query: Request['query']): { filters: AuditLogFilters; page: number } {
  const action = single(query.action)
  const subject = single(query.subject)?.trim() ?? ''
  const page = single(query.page)
  return {
    filters: {
      actionPrefix: AUDIT_ACTION_PREFIXES.some((prefix) => prefix.value === action) ? action : null,
      subject: subject && subject.length <= 100 ? subject : null,
    },
    page: page !== null && /^\d{1,9}$/.test(page) ? Math.max(1, Number(page)) : 1,
  }
}

function auditHref(filters: AuditLogFilters, page = 1): string {
  const query = new URLSearchParams()
  if (filters.actionPrefix) query.set('action', filters.actionPrefix)
  if (filters.subject) query.set('subject', filters.subject)
  if (page > 1) query.set('page', String(page))
  const text = query.toString()
  return text ? `${BASE}?${text}` : BASE
}

const ACTOR_TYPES: Record<string, string> = { applicant: 'The applicant', executive: 'The executive', system: 'The service' }

/** The audit log for admins: who did what, when, newest first. */
export default function adminAuditRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('admin'))

  router.get('/', async (req, res) => {
    const { filters, page } = parseQuery(req.query)
    const log = await services.read(auditLogPage, { filters, page })
    const firstShown = log.total === 0 ? 0 : (log.page - 1) * log.pageSize + 1
    res.render('pages/admin/audit', {
      title: log.pageCount > 1 ? `Audit log (page ${log.page} of ${log.pageCount})` : 'Audit log',
      log,
      filters,
      subjectTyped: single(req.query.subject) ?? '',
      actionOptions: AUDIT_ACTION_PREFIXES,
      rows: log.rows.map((row) => ({
        ...row,
        who: row.actorType === 'staff' ? (row.actorName ?? 'A staff account that no longer exists') : (ACTOR_TYPES[row.actorType] ?? row.actorType),
        actionText: auditActionText(row.action),
        subjectTypeText: auditSubjectTypeText(row.subjectType),
        fromStatusText: row.fromStatus ? auditStatusText(row.subjectType, row.fromStatus) : null,
        toStatusText: row.toStatus ? auditStatusText(row.subjectType, row.toStatus) : null,
        noteText: auditNoteText(row.action, row.note, log.noteNames),
      })),
      firstShown,
      lastShown: firstShown === 0 ? 0 : firstShown + log.rows.length - 1,
      filtered: filters.actionPrefix !== null || filters.subject !== null,
      previousHref: log.page > 1 ? auditHref(filters, log.page - 1) : null,
      nextHref: log.page < log.pageCount ? auditHref(filters, log.page + 1) : null,
      backLink: { href: '/staff', text: 'Back to staff home' },
    })
  })

  return router
}
