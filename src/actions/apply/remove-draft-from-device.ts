import { ApplicationDraft } from '../../entities/index.ts'
import type { Action } from '../tx.ts'

/**
 * On a shared computer, after "Save and come back later": this browser's key stops finding the
 * draft, which only the emailed link now brings back. Returns false (and changes nothing) when
 * no unused link would be left to reach it.
 */
export const removeDraftFromDevice: Action<{ draftId: string; now?: Date }, boolean> = async (tx, { draftId, now = new Date() }) => {
  const result = await tx.manager
    .createQueryBuilder()
    .update(ApplicationDraft)
    .set({ keyHash: null })
    .where('id = :draftId AND token_hash IS NOT NULL AND link_expires_at > :now', { draftId, now })
    .execute()
  return (result.affected ?? 0) > 0
}
