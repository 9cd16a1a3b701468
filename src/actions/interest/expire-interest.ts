import { EMAILED_INTEREST_STATUSES, INTEREST_MACHINE, UNCONFIRMED_KEPT_HOURS } from '../../domain/interest.ts'
import type { Action } from '../tx.ts'
import { deleteRegistrations } from './registrations.ts'

export interface ExpiredInterest {
  /** Never confirmed, and older than UNCONFIRMED_KEPT_HOURS. */
  unconfirmed: number
  /** Confirmed longer ago than the retention period (a setting, 6 months by default). */
  expired: number
}

/**
 * UK GDPR storage limitation for interest that waits, run each night with the retention task:
 * deletes registrations nobody confirmed within a day or so, and confirmed ones whose retention
 * period has ended, with what was emailed about them. Someone who still wants emails registers again.
 */
export const expireInterestRegistrations: Action<{ now?: Date }, ExpiredInterest> = async (tx, { now = new Date() }, actor) => {
  const unconfirmed: { id: string }[] = await tx.manager.query(
    `SELECT "id" FROM "interest_registrations" WHERE "status" = $1 AND "created_at" <= $2::timestamptz - make_interval(hours => $3)
     FOR UPDATE SKIP LOCKED`,
    [INTEREST_MACHINE.initial, now, UNCONFIRMED_KEPT_HOURS],
  )
  await deleteRegistrations(tx, actor, unconfirmed.map((row) => row.id), 'interest.expired', 'never confirmed')
  const expired: { id: string }[] = await tx.manager.query(
    `SELECT r."id" FROM "interest_registrations" r, "settings" s
     WHERE s."id" = 1 AND r."status" = ANY($1::text[]) AND r."confirmed_at" < $2::timestamptz - make_interval(months => s."retention_months")
     FOR UPDATE OF r SKIP LOCKED`,
    [EMAILED_INTEREST_STATUSES, now],
  )
  await deleteRegistrations(tx, actor, expired.map((row) => row.id), 'interest.expired', 'retention period ended')
  return { unconfirmed: unconfirmed.length, expired: expired.length }
}
