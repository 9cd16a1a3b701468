import { randomUUID } from 'node:crypto'
import type { ApplyAnswers } from '../../domain/application-answers.ts'
import { applicationFormOf, draftExpiry, mergeAnswers, type ApplicationForm } from '../../domain/application-draft.ts'
import { ApplicationDraft } from '../../entities/index.ts'
import { createToken, hashToken, isWellFormedToken } from '../../services/tokens.ts'
import type { Action } from '../tx.ts'

export interface KeepAnswers {
  /** The key from this browser's draft cookie, if it has one. */
  key: string | undefined
  values: Partial<ApplyAnswers>
  /** The page the answers were sent from; none when they were filled in for the applicant. */
  pageDone?: string
  now?: Date
}

export interface KeptDraft {
  /** The draft cookie's key: the one given, or a new one when a new draft was made. */
  key: string
  /** The application as it is now kept. */
  form: ApplicationForm
}

/**
 * Keeps one page's answers in this browser's draft as they are sent, so that nothing typed
 * depends on the session; makes the draft (and its key) on the first page. Each save keeps the
 * draft another 7 days.
 */
export const keepAnswers: Action<KeepAnswers, KeptDraft> = async (tx, { key, values, pageDone, now = new Date() }) => {
  const { manager } = tx
  const expiresAt = draftExpiry(now)
  // FOR UPDATE: two tabs sending different pages at once each keep their page.
  const draft = isWellFormedToken(key)
    ? await manager
        .createQueryBuilder(ApplicationDraft, 'draft')
        .where('draft.key_hash = :hash AND draft.expires_at > :now', { hash: hashToken(key), now })
        .setLock('pessimistic_write')
        .getOne()
    : null
  if (draft) {
    const answers = mergeAnswers(draft.answers as ApplyAnswers, values)
    const pagesDone = pageDone && !draft.pagesDone.includes(pageDone) ? [...draft.pagesDone, pageDone] : draft.pagesDone
    await manager.update(ApplicationDraft, { id: draft.id }, { answers: { ...answers }, pagesDone, expiresAt, updatedAt: now })
    return { key: key as string, form: applicationFormOf({ ...draft, answers: { ...answers }, pagesDone, expiresAt }, now) }
  }
  const made = createToken()
  const form = { id: randomUUID(), formId: randomUUID(), answers: mergeAnswers({}, values), pagesDone: pageDone ? [pageDone] : [], linkSentTo: null, expiresAt }
  await manager.insert(ApplicationDraft, {
    id: form.id,
    formId: form.formId,
    keyHash: made.hash,
    answers: { ...form.answers },
    pagesDone: form.pagesDone,
    expiresAt,
    updatedAt: now,
  })
  return { key: made.token, form }
}
