import { AppError } from '../../../domain/errors.ts'
import { EARLY_CAREER_STAGES } from '../../../domain/application-answers.ts'
import { ROUND_MACHINE, type RoundApplicantFigures } from '../../../domain/round-status.ts'
import { nextStatus } from '../../../domain/status-machine.ts'
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
 * its figures may be published; who applied is counted now, once (see RoundApplicantFigures). The round's row is locked first: a role being reopened in it at the
 * same moment waits (it reads the round FOR SHARE), then finds it finished.
 */
export const finishRound: Action<{ id: string; version: number; now?: Date }, RecruitmentRound> = async (tx, { id, version, now = new Date() }, actor) => {
  const { manager } = tx
  const round = await manager.createQueryBuilder(RecruitmentRound, 'round').where({ id }).setLock('pessimistic_write').getOne()
  if (!round || round.version !== version) throw new StaleRoundError()
  const to = nextStatus(ROUND_MACHINE, round.status, 'finish')
  const open: { title: string }[] = await manager.query(`SELECT "title" FROM "roles" WHERE "round_id" = $1 AND "status" = 'open' ORDER BY "display_order", "title"`, [id])
  if (open.length > 0) throw new RoundHasOpenRolesError(open.map((row) => row.title))
  const [applicantFigures]: [RoundApplicantFigures] = await manager.query(
    `SELECT count(*)::int AS "applications",
            count(*) FILTER (WHERE a."career_stage" IS NOT NULL AND a."nhs_employed" IS NOT NULL)::int AS "answered",
            count(*) FILTER (WHERE a."career_stage" = ANY($2::text[]) AND a."nhs_employed" IS NOT NULL)::int AS "earlyCareer",
            count(*) FILTER (WHERE a."nhs_employed" AND a."career_stage" IS NOT NULL)::int AS "nhsEmployed"
     FROM "applications" a
     WHERE EXISTS (SELECT 1 FROM "application_roles" ar WHERE ar."application_id" = a."id" AND ar."round_id" = $1)`,
    [id, EARLY_CAREER_STAGES],
  )
  await manager.update(RecruitmentRound, { id }, { status: to, finishedAt: now, version: version + 1, applicantFigures })
  await tx.audit(actor, { action: 'round.finished', subjectType: 'round', subjectId: id, fromStatus: round.status, toStatus: to, note: null })
  return manager.findOneByOrFail(RecruitmentRound, { id })
}
