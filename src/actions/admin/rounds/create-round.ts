import { AppError } from '../../../domain/errors.ts'
import { ROUND_MACHINE } from '../../../domain/round-status.ts'
import { RecruitmentRound } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'

export class RoundNameTakenError extends AppError {
  constructor(name: string) {
    super(`Another round is already called ${name}`)
  }
}

/**
 * A new open round, e.g. "Executive team, spring 2027". Roles join it when they are reopened in
 * it, and new roles join the newest open round. The name is unique whatever its case (the unique
 * index decides when two people create the same name at once).
 */
export const createRound: Action<{ name: string }, RecruitmentRound> = async (tx, { name }, actor) => {
  const rows: { id: string }[] = await tx.manager.query(
    `INSERT INTO "recruitment_rounds" ("name", "status") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING "id"`,
    [name, ROUND_MACHINE.initial],
  )
  const id = rows[0]?.id
  if (!id) throw new RoundNameTakenError(name)
  await tx.audit(actor, { action: 'round.created', subjectType: 'round', subjectId: id, toStatus: ROUND_MACHINE.initial, note: null })
  return tx.manager.findOneByOrFail(RecruitmentRound, { id })
}
