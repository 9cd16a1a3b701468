import { applicationFormOf, type ApplicationForm } from '../domain/application-draft.ts'
import { entitiesPrepared } from '../db/prepared.ts'
import { ApplicationDraft } from '../entities/index.ts'
import { hashToken, isWellFormedToken } from '../services/tokens.ts'
import type { Query } from './query.ts'

/** The unfinished application a draft cookie's key finds, unless it has expired. */
export const applicationDraft: Query<{ key: string | undefined; now?: Date }, ApplicationForm | null> = async (db, { key, now = new Date() }) => {
  if (!isWellFormedToken(key)) return null
  // Read on every page of the form: a prepared statement (db/prepared.ts).
  const [draft] = await entitiesPrepared(db, ApplicationDraft, `WHERE "key_hash" = $1 AND "expires_at" > $2`, [hashToken(key), now])
  return draft ? applicationFormOf(draft, now) : null
}
