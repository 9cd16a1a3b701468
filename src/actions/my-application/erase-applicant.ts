import { eraseEverythingHeldFor, type ErasedCounts } from '../../services/erasure.ts'
import type { Action } from '../tx.ts'

export interface EraseApplicant {
  /** The signed-in applicant's address. */
  email: string
  /** Their current session, ended with the rest. */
  sessionId: string
}

/**
 * An applicant's deletion request: erases at once, in one transaction, everything held for their
 * address (eraseEverythingHeldFor says what, and what stays), and every session that mentions it,
 * the current one included.
 */
export const eraseApplicant: Action<EraseApplicant, ErasedCounts> = async (tx, { email, sessionId }, actor) => {
  const erased = await eraseEverythingHeldFor(tx, { address: email, actor, why: "deleted at the applicant's request" })
  if (erased.nominations + erased.electors > 0) {
    await tx.audit(actor, { action: 'board-election.personal-data-erased', subjectType: 'board_election', subjectId: null, note: `${erased.nominations} nominations, ${erased.electors} elector entries, at the person's request` })
  }
  await tx.manager.query(`DELETE FROM "sessions" WHERE "sid" = $1`, [sessionId])
  return erased
}
