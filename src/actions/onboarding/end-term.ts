import { EXECUTIVE_MACHINE } from '../../domain/executive-status.ts'
import { allows, nextStatus } from '../../domain/status-machine.ts'
import type { Action } from '../tx.ts'
import { changeExecutive, ExecutiveEndedError, lockExecutive } from './executive-record.ts'

export interface EndTerm {
  executiveId: string
  /** The version the community manager saw. */
  version: number
}

/** Ends the term now: the executive leaves the team page and can no longer sign in. */
export const endTerm: Action<EndTerm, void> = async (tx, { executiveId, version }, actor) => {
  const executive = await lockExecutive(tx.manager, executiveId)
  if (!allows(EXECUTIVE_MACHINE, executive.status, 'end_term')) throw new ExecutiveEndedError()
  const to = nextStatus(EXECUTIVE_MACHINE, executive.status, 'end_term')
  await changeExecutive(tx.manager, executiveId, version, { status: to, ended_at: new Date() })
  await tx.audit(actor, { action: 'executive.term-ended', subjectType: 'executive', subjectId: executiveId, fromStatus: executive.status, toStatus: to })
}
