import { CLOSED_STATUSES } from '../../domain/application-status.ts'
import { eraseApplicationRecord, eraseEmails } from '../../services/erasure.ts'
import type { Action } from '../tx.ts'

/**
 * UK GDPR storage limitation: anonymises every unsuccessful, withdrawn and declined application
 * that has been closed for the retention period (a setting, 6 months by default), and the emails
 * to its applicant; returns how many. Run by the worker each night, as the system.
 */
export const anonymiseExpiredApplications: Action<{ now?: Date }, number> = async (tx, { now = new Date() }, actor) => {
  // SKIP LOCKED: two workers running the job at once share the work instead of waiting.
  const due: { id: string; status: (typeof CLOSED_STATUSES)[number] }[] = await tx.manager.query(
    `SELECT a.id, a.status
     FROM applications a, settings s
     WHERE s.id = 1 AND a.erased_at IS NULL AND a.status = ANY($1::text[])
       AND a.status_changed_at < $2::timestamptz - make_interval(months => s.retention_months)
     ORDER BY a.status_changed_at
     FOR UPDATE OF a SKIP LOCKED`,
    [CLOSED_STATUSES, now],
  )
  for (const application of due) {
    // Emails about this application to the applicant (board emails carry no personal data).
    await eraseEmails(tx.manager, `"key" LIKE $1 AND "key" NOT LIKE 'new-application:%'`, [`%:${application.id}%`])
    await eraseApplicationRecord(tx, application)
    await tx.audit(actor, {
      action: 'application.anonymised',
      subjectType: 'application',
      subjectId: application.id,
      note: 'retention period ended',
    })
  }
  return due.length
}
