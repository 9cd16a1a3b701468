import { AppError } from '../../../domain/errors.ts'
import { ROLE_ACTIONS, ROLE_MACHINE } from '../../../domain/role-status.ts'
import { nextStatus } from '../../../domain/status-machine.ts'
import { ROLE_TAKING_ROUND_STATUSES } from '../../../domain/round-status.ts'
import { RecruitmentRound, type Role } from '../../../entities/index.ts'
import { todayInLondon } from '../../../services/role.service.ts'
import { queueRoleOpenedEmails } from '../../interest/notify-interest.ts'
import type { Action } from '../../tx.ts'
import { openingProblems, RoleNotReadyError } from './change-role-status.ts'
import { changeRole, type RoleVersion } from './role-change.ts'

/** The round chosen is the role's own already, finished, or gone. */
export class RoundNotAvailableError extends AppError {}

/**
 * Reopens a closed (or draft) role in another open round: the role moves to the round and opens,
 * with the same checks and emails as opening it. Applications already made keep the round they
 * were made in (application_roles.round_id), so each round's report keeps its own applicants.
 */
export const reopenInRound: Action<RoleVersion & { roundId: string; now?: Date }, Role> = async (tx, { roundId, now = new Date(), ...version }, actor) => {
  const changed = await changeRole(tx, version, actor, async (current, manager) => {
    const to = nextStatus(ROLE_MACHINE, current.status, 'open')
    // FOR SHARE: the round cannot be finished between this check and the commit.
    const round = await manager.createQueryBuilder(RecruitmentRound, 'round').where({ id: roundId }).setLock('pessimistic_read').getOne()
    if (!round || round.id === current.roundId || !ROLE_TAKING_ROUND_STATUSES.includes(round.status)) throw new RoundNotAvailableError('Choose another open round')
    const problems = openingProblems(current, todayInLondon(now))
    if (problems.length > 0) throw new RoleNotReadyError(problems)
    return { changes: { status: to, roundId }, action: `role.${ROLE_ACTIONS.open.past}`, fromStatus: current.status, toStatus: to, note: `in round ${roundId}` }
  })
  await queueRoleOpenedEmails(tx.manager, changed)
  return changed
}
