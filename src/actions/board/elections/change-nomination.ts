import { NOMINATION_REVIEW_ROUND_STATUSES } from '../../../domain/election-round-status.ts'
import { AppError } from '../../../domain/errors.ts'
import { NOMINATION_MACHINE, type NominationEvent, type NominationStatus } from '../../../domain/nomination-status.ts'
import { nextStatus } from '../../../domain/status-machine.ts'
import type { Action } from '../../tx.ts'
import { lockRound, NominationNotFoundError, StaleNominationError } from './round-record.ts'

/** Nominations are reviewed while the round is open for them; once voting opens, the ballot is fixed. */
export class NominationsFixedError extends AppError {
  constructor() {
    super('Voting has opened: the candidates can no longer change')
  }
}

export interface ChangeNomination {
  roundId: string
  nominationId: string
  /** The version the admin saw. */
  version: number
  event: NominationEvent
  /** Why the nominee is not eligible (find_ineligible only); emailed to the nominee. */
  reason?: string | null
}

/**
 * An admin's decision on a nomination: eligible or not (with a reason), published on the
 * candidates page, or withdrawn at the nominee's request. Refused once voting has opened. The
 * nominee is emailed the outcome of an eligibility decision, in the same transaction.
 */
export const changeNomination: Action<ChangeNomination, void> = async (tx, { roundId, nominationId, version, event, reason = null }, actor) => {
  const round = await lockRound(tx.manager, roundId)
  if (!NOMINATION_REVIEW_ROUND_STATUSES.includes(round.status)) throw new NominationsFixedError()
  const rows: { status: NominationStatus; version: number; full_name: string; email: string }[] = await tx.manager.query(
    `SELECT status, version, full_name, email FROM board_nominations WHERE id = $1 AND round_id = $2 FOR UPDATE`,
    [nominationId, roundId],
  )
  const nomination = rows[0]
  if (!nomination) throw new NominationNotFoundError()
  if (nomination.version !== version) throw new StaleNominationError()
  const to = nextStatus(NOMINATION_MACHINE, nomination.status, event)
  const reviewing = event === 'find_eligible' || event === 'find_ineligible'
  await tx.manager.query(
    `UPDATE board_nominations SET status = $2, version = version + 1, updated_at = now(),
       ineligible_reason = CASE WHEN $2 = 'ineligible' THEN $3 WHEN $4 THEN NULL ELSE ineligible_reason END,
       reviewed_by = CASE WHEN $4 THEN $5::uuid ELSE reviewed_by END,
       reviewed_at = CASE WHEN $4 THEN now() ELSE reviewed_at END,
       published_at = CASE WHEN $2 = 'published' THEN now() ELSE published_at END
     WHERE id = $1`,
    [nominationId, to, reason, reviewing, actor.type === 'staff' ? actor.id : null],
  )
  await tx.audit(actor, { action: `board-nomination.${event.replace(/_/g, '-')}`, subjectType: 'board_nomination', subjectId: nominationId, fromStatus: nomination.status, toStatus: to })
  // The nominee hears the outcome of each eligibility decision, with the reason when it is no.
  if (reviewing) {
    await tx.email({
      key: `board-nomination-reviewed:${nominationId}:${nomination.version + 1}`,
      template: 'board-nomination-reviewed',
      to: nomination.email,
      data: { fullName: nomination.full_name, roundName: round.name, roundSlug: round.slug, eligible: to === 'eligible', reason: to === 'ineligible' ? reason : null },
    })
  }
}
