import { NhsEmailCode } from '../entities/index.ts'
import type { Query } from './query.ts'

/** The address this form's code went to, for "Send a new code"; null when there is none. */
export const pendingNhsEmail: Query<{ formId: string }, string | null> = async (db, { formId }) => {
  const row = await db.findOneBy(NhsEmailCode, { formId })
  return row?.email ?? null
}
