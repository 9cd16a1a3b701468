import { ApplicationDraft } from '../../entities/index.ts'
import type { Action } from '../tx.ts'

/** "Delete this application": the unfinished answers go at once, and any emailed link with them. */
export const deleteDraft: Action<{ draftId: string }, void> = async (tx, { draftId }) => {
  await tx.manager.delete(ApplicationDraft, { id: draftId })
}
