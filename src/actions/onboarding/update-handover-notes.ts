import type { Action } from '../tx.ts'
import { changeExecutive } from './executive-record.ts'

export interface UpdateHandoverNotes {
  executiveId: string
  notes: string | null
  /** The version the community manager saw. */
  version: number
}

/** Notes for whoever comes next. They can still be written after the term has ended. */
export const updateHandoverNotes: Action<UpdateHandoverNotes, void> = async (tx, { executiveId, notes, version }, actor) => {
  await changeExecutive(tx.manager, executiveId, version, { handover_notes: notes }, { allowEnded: true })
  await tx.audit(actor, { action: 'executive.handover-notes-changed', subjectType: 'executive', subjectId: executiveId })
}
