import type { ApplyAnswers } from '../../domain/application-answers.ts'
import { ApplicationDraft } from '../../entities/index.ts'
import { createToken } from '../../services/tokens.ts'
import type { Action } from '../tx.ts'

export const DRAFT_LIFETIME_DAYS = 7

export interface SaveDraft {
  email: string
  answers: ApplyAnswers
  /** The draft this form was saved as before, if any. */
  replaces: string | null
  now?: Date
}

/**
 * "Save and come back later": stores the answers and queues the email with a one-time link that
 * restores them, in one transaction. A previous draft of the same form (`replaces`) is deleted,
 * so only the newest link works. Returns the new draft's id.
 */
export const saveDraft: Action<SaveDraft, string> = async (tx, { email, answers, replaces, now = new Date() }) => {
  const { token, hash } = createToken()
  const expiresAt = new Date(now.getTime() + DRAFT_LIFETIME_DAYS * 24 * 60 * 60 * 1000)
  const { manager } = tx
  if (replaces) await manager.delete(ApplicationDraft, { id: replaces })
  const draft = await manager.save(ApplicationDraft, manager.create(ApplicationDraft, { tokenHash: hash, email, answers: { ...answers }, expiresAt }))
  await tx.email({
    key: `application-draft-saved:${draft.id}`,
    template: 'application-draft-saved',
    to: email,
    // The email builds the link to /apply/resume/<token> from baseUrl.
    data: { token, expiresOn: expiresAt.toISOString() },
  })
  return draft.id
}
