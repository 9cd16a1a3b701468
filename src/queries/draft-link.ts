import { ApplicationDraft } from '../entities/index.ts'
import { hashToken, isWellFormedToken } from '../services/tokens.ts'
import type { Query } from './query.ts'

/** Whether a saved draft's link could still be used, without using it (for the page before the button). */
export const draftLinkUsable: Query<{ token: string; now?: Date }, boolean> = async (db, { token, now = new Date() }) => {
  if (!isWellFormedToken(token)) return false
  return db
    .getRepository(ApplicationDraft)
    .createQueryBuilder('draft')
    .where('draft.token_hash = :hash AND draft.link_expires_at > :now AND draft.expires_at > :now', { hash: hashToken(token), now })
    .getExists()
}
