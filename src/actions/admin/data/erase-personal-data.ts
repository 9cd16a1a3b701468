import { normaliseEmail } from '../../../domain/text.ts'
import { eraseEverythingHeldFor, type ErasedCounts } from '../../../services/erasure.ts'
import type { Action } from '../../tx.ts'

export interface ErasePersonalData {
  email: string
  /** The admin's own session, which stays whatever it mentions. */
  adminSessionId: string
}

/**
 * An admin erases everything held about an email address, for someone who cannot ask through
 * their own deletion page (a nominee or an elector who never applied, or anyone who asks by
 * other means): the same rules as an applicant's request (eraseEverythingHeldFor). The audit
 * keeps only that it happened: no address, and nothing of what was found.
 */
export const erasePersonalData: Action<ErasePersonalData, ErasedCounts> = async (tx, { email, adminSessionId }, actor) => {
  const erased = await eraseEverythingHeldFor(tx, { address: normaliseEmail(email), actor, why: 'erased by an admin at the person’s request', keepSessionId: adminSessionId })
  // Nothing found (the same request sent twice, say): nothing happened, so nothing to audit.
  if (Object.values(erased).some((count) => count > 0)) await tx.audit(actor, { action: 'data.erased', subjectType: 'data_erasure', subjectId: null })
  return erased
}
