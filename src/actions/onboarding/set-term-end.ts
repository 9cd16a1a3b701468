import type { Action } from '../tx.ts'
import { changeExecutive } from './executive-record.ts'

export interface SetTermEnd {
  executiveId: string
  /** The new last day, YYYY-MM-DD. */
  termEndsOn: string
  /** The version the community manager saw. */
  version: number
}

/** A new last day for the term; the 30-day reminder is sent again for the new date. */
export const setTermEnd: Action<SetTermEnd, void> = async (tx, { executiveId, termEndsOn, version }, actor) => {
  await changeExecutive(tx.manager, executiveId, version, { term_ends_on: termEndsOn, term_reminder_sent_at: null })
  await tx.audit(actor, { action: 'executive.term-end-changed', subjectType: 'executive', subjectId: executiveId, note: `term ends: ${termEndsOn}` })
}
