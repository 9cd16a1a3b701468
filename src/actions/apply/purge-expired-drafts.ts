import { ApplicationDraft } from '../../entities/index.ts'
import type { Action } from '../tx.ts'

/** Removes expired drafts (they hold personal data); returns how many. */
export const purgeExpiredDrafts: Action<{ now?: Date }, number> = async (tx, { now = new Date() }) => {
  const result = await tx.manager
    .createQueryBuilder()
    .delete()
    .from(ApplicationDraft)
    .where('expires_at <= :now', { now })
    .execute()
  return result.affected ?? 0
}
