import { AppError } from '../../../domain/errors.ts'
import { nextRoundStatus } from '../../../domain/round-status.ts'
import { RecruitmentRound } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'

export class StaleRoundError extends AppError {
  constructor() {
    super('The round was changed by someone else')
  }
}

/** A role in the round still takes applications: close it, or reopen it in another round, first. */
export class RoundHasOpenRolesError extends AppError {
  constructor(readonly titles: string[]) {
    super(`Roles still open in the round: ${titles.join(', ')}`)
  }
}

/**
 * Finishes a round once none of its roles is open, so no application can join it afterwards and
 * its figures may be published. The round's row is locked first: a role being reopened in it at the
 * same moment waits (it reads the round FOR SHARE), then finds it finished.
 */
export const finishRound: Action<{ id: string; version: number; now?: Date }, RecruitmentRound> = async (tx, { id, version, now = new Date() }, actor) => {
  const { manager } = tx
  const round = await manager.createQueryBuilder(RecruitmentRound, 'round').where({ id }).setLock('pessimistic_write').getOne()
  if (!round || round.version !== version) throw new StaleRoundError()
  const to = nextRoundStatus(round.status, 'finish')
  const open: { title: string }[] = await manager.query(`SELECT "title" FROM "roles" WHERE "round_id" = $1 AND "status" = 'open' ORDER BY "display_order", "title"`, [id])
  if (open.length > 0) throw new RoundHasOpenRolesError(open.map((row) => row.title))
  await manager.update(RecruitmentRound, { id }, { status: to, finishedAt: now, version: version + 1 })
  await tx.audit(actor, { action: 'round.finished', subjectType: 'round', subjectId: id, fromStatus: round.status, toStatus: to, note: null })
  return manager.findOneByOrFail(RecruitmentRound, { id })
}
