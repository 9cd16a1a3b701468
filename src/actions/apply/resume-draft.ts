import type { ApplyAnswers } from '../../domain/application-answers.ts'
import { draftExpiry } from '../../domain/application-draft.ts'
import { ApplicationDraft } from '../../entities/index.ts'
import { createToken, hashToken, isWellFormedToken } from '../../services/tokens.ts'
import type { Action } from '../tx.ts'

export interface ResumedDraft {
  /** The new draft cookie key for the browser that used the link. */
  key: string
  expiresAt: Date
  answers: ApplyAnswers
  pagesDone: string[]
}

/**
 * The emailed link to a saved draft is used: the draft moves to this browser (a new key; the
 * device it was saved on no longer finds it) and the link stops working. Null for an unknown,
 * used or expired link.
 */
export const resumeDraft: Action<{ token: string; now?: Date }, ResumedDraft | null> = async (tx, { token, now = new Date() }) => {
  if (!isWellFormedToken(token)) return null
  const made = createToken()
  const expiresAt = draftExpiry(now)
  // One statement, so two clicks of the same link cannot both get the answers.
  const result = await tx.manager
    .createQueryBuilder()
    .update(ApplicationDraft)
    .set({ keyHash: made.hash, tokenHash: null, linkExpiresAt: null, expiresAt, updatedAt: now })
    .where('token_hash = :hash AND link_expires_at > :now AND expires_at > :now', { hash: hashToken(token), now })
    .returning('"answers", "pages_done"')
    .execute()
  const rows = result.raw as { answers: ApplyAnswers; pages_done: string[] }[]
  const row = rows[0]
  return row ? { key: made.token, expiresAt, answers: row.answers, pagesDone: row.pages_done } : null
}
