import { normaliseEmail } from '../../../domain/text.ts'
import { personalData, type DataExport } from '../../../queries/personal-data-export.ts'
import type { Action } from '../../tx.ts'

export interface ExportPersonalData {
  email: string
  /** When the export is made (tests set it): sessions that have expired by then are left out. */
  now?: Date
}

/**
 * The subject access export: reads everything held about the address in one snapshot and audits
 * the export in the same transaction (with what was found, without the address).
 */
export const exportPersonalData: Action<ExportPersonalData, DataExport> = async (tx, { email, now = new Date() }, actor) => {
  // First in the transaction, as PostgreSQL requires: every read below sees the same snapshot.
  await tx.manager.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`)
  const result = await personalData(tx.manager, { address: normaliseEmail(email), now })
  await tx.audit(actor, {
    action: 'data.exported',
    subjectType: 'data_export',
    subjectId: null,
    note: Object.entries(result.summary)
      .map(([table, count]) => `${table}: ${count}`)
      .join('; '),
  })
  return result
}
