import type { DataSource } from 'typeorm'
import { CLOSED_STATUSES } from '../domain/application-status.ts'
import { audit, SYSTEM } from './audit.ts'
import { eraseApplicationRecord, eraseEmails } from './erasure.ts'

/**
 * UK GDPR storage limitation: unsuccessful, withdrawn and declined applications are anonymised
 * once they have been closed for the retention period (a setting, 6 months by default).
 */
export class RetentionService {
  constructor(private readonly dataSource: DataSource) {}

  /** Anonymises every application past its retention period; returns how many. */
  async anonymiseExpired(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // SKIP LOCKED: two workers running the job at once share the work instead of waiting.
      const due: { id: string; status: (typeof CLOSED_STATUSES)[number] }[] = await manager.query(
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
        await eraseEmails(manager, `"key" LIKE $1 AND "key" NOT LIKE 'new-application:%'`, [`%:${application.id}%`])
        await eraseApplicationRecord(manager, application)
        await audit(manager, SYSTEM, {
          action: 'application.anonymised',
          subjectType: 'application',
          subjectId: application.id,
          note: 'retention period ended',
        })
      }
      return due.length
    })
  }
}
