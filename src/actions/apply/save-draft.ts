import { randomUUID } from 'node:crypto'
import { draftExpiry } from '../../domain/application-draft.ts'
import { ApplicationDraft } from '../../entities/index.ts'
import { createToken } from '../../services/tokens.ts'
import type { Action } from '../tx.ts'

export interface SaveDraft {
  /** The draft of the application being filled in. */
  draftId: string
  email: string
  now?: Date
}

/**
 * "Save and come back later": the answers are already kept; this emails a one-time link that
 * brings them back on any device, in one transaction. Saving again replaces the link, so only
 * the newest one works.
 */
export const saveDraft: Action<SaveDraft, void> = async (tx, { draftId, email, now = new Date() }) => {
  const { token, hash } = createToken()
  const expiresAt = draftExpiry(now)
  const { affected } = await tx.manager.update(ApplicationDraft, { id: draftId }, { tokenHash: hash, linkExpiresAt: expiresAt, email, expiresAt, updatedAt: now })
  if (!affected) throw new Error('No such draft to save')
  await tx.email({
    key: `application-draft-saved:${randomUUID()}`,
    template: 'application-draft-saved',
    to: email,
    // The email builds the link to /apply/resume/<token> from baseUrl.
    data: { token, expiresOn: expiresAt.toISOString() },
  })
}
