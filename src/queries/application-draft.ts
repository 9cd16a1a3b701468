import { applicationFormOf, type ApplicationForm } from '../domain/application-draft.ts'
import { ApplicationDraft } from '../entities/index.ts'
import { hashToken, isWellFormedToken } from '../services/tokens.ts'
import type { Query } from './query.ts'

/** The unfinished application a draft cookie's key finds, unless it has expired. */
export const applicationDraft: Query<{ key: string | undefined; now?: Date }, ApplicationForm | null> = async (db, { key, now = new Date() }) => {
  if (!isWellFormedToken(key)) return null
  const draft = await db
    .getRepository(ApplicationDraft)
    .createQueryBuilder('draft')
    .where('draft.key_hash = :hash AND draft.expires_at > :now', { hash: hashToken(key), now })
    .getOne()
  return draft ? applicationFormOf(draft, now) : null
}
