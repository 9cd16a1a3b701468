import { Router, type Request } from 'express'
import { auditActionText, auditNoteText, auditStatusText, auditSubjectTypeText } from '../../../domain/audit-words.ts'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import { AUDIT_ACTION_PREFIXES, auditLogPage, type AuditLogFilters } from '../../../queries/audit-log.ts'
import type { Services } from '../../../services/index.ts'
import { hrefWith, pageFrom, pagingLocals, single } from '../../query-string.ts'

const BASE = '/admin/audit'

/** The filters from the query string: an action prefix from the list, a subject id of sensible length. */
function parseQuery(query: Request['query']): { filters: AuditLogFilters; page: number } {
  const action = single(query.action)
  const subject = single(query.subject)?.trim() ?? ''
  return {
    filters: {
      actionPrefix: AUDIT_ACTION_PREFIXES.some((prefix) => prefix.value === action) ? action : null,
      subject: subject && subject.length <= 100 ? subject : null,
    },
    page: pageFrom(query),
  }
}

function auditHref(filters: AuditLogFilters, page = 1): string {
  return hrefWith(BASE, { action: filters.actionPrefix, subject: filters.subject }, page)
}

const ACTOR_TYPES: Record<string, string> = { applicant: 'The applicant', executive: 'The executive', system: 'The service' }

/** The audit log for admins: who did what, when, newest first. */
export default function adminAuditRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('admin'))

  router.get('/', async (req, res) => {
    const { filters, page } = parseQuery(req.query)
    const log = await services.read(auditLogPage, { filters, page })
    res.render('pages/admin/audit', {
      ...pagingLocals(log, 'Audit log', (other) => auditHref(filters, other)),
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
      filtered: filters.actionPrefix !== null || filters.subject !== null,
      backLink: { href: '/staff', text: 'Back to staff home' },
    })
  })

  return router
}
