import type { ApplyAnswers } from '../../domain/application-answers.ts'
import { ApplicationDraft } from '../../entities/index.ts'
import { hashToken, isWellFormedToken } from '../../services/tokens.ts'
import type { Action } from '../tx.ts'

/**
 * The emailed link to a saved draft is used: returns the answers once, or null for an unknown,
 * used or expired link.
 */
export const resumeDraft: Action<{ token: string; now?: Date }, ApplyAnswers | null> = async (tx, { token, now = new Date() }) => {
  if (!isWellFormedToken(token)) return null
  // One statement, so two clicks of the same link cannot both get the answers.
  const result = await tx.manager
    .createQueryBuilder()
    .delete()
    .from(ApplicationDraft)
    .where('token_hash = :hash AND expires_at > :now', { hash: hashToken(token), now })
    .returning(['answers'])
    .execute()
  const rows = result.raw as { answers: ApplyAnswers }[]
  return rows[0]?.answers ?? null
}
