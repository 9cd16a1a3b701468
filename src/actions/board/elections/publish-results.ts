import { financialYearEnd } from '../../../domain/board-election.ts'
import type { RecordedCount } from '../../../domain/board-count.ts'
import { ELECTION_ROUND_MACHINE } from '../../../domain/election-round-status.ts'
import { nextStatus } from '../../../domain/status-machine.ts'
import { addDays, addOneYear } from '../../../domain/onboarding.ts'
import { StaffUser } from '../../../entities/index.ts'
import { addStaffUser, createStaffToken } from '../../../services/staff.service.ts'
import type { Action } from '../../tx.ts'
import { lockRound, setRoundStatus } from './round-record.ts'

/** The new board term: from the first day of the next financial year after voting closed, for one year. */
export function newBoardTerm(votingClosesOn: string): { startsOn: string; endsOn: string } {
  const startsOn = addDays(financialYearEnd(votingClosesOn), 1)
  return { startsOn, endsOn: addOneYear(startsOn) }
}

/**
 * Publishes the counted results, from the version the admin saw, and brings the elected onto
 * the board: each is invited as staff with the board-member role and the new term's dates (an
 * existing account gains the role and the dates instead). Returns how many were invited.
 */
export const publishResults: Action<{ roundId: string; version: number }, { invited: number; updated: number }> = async (tx, { roundId, version }, actor) => {
  const round = await lockRound(tx.manager, roundId, version)
  const to = nextStatus(ELECTION_ROUND_MACHINE, round.status, 'publish_results')
  const [result]: { count: RecordedCount }[] = await tx.manager.query(`SELECT count FROM board_election_results WHERE round_id = $1`, [roundId])
  if (!result) throw new Error('A counted round has its count')
  await setRoundStatus(tx.manager, round, to)
  const term = newBoardTerm(round.voting_closes_on)
  const elected: { id: string; full_name: string; email: string }[] = await tx.manager.query(
    `SELECT id, full_name, email FROM board_nominations WHERE round_id = $1 AND id = ANY($2::uuid[]) ORDER BY full_name`,
    [roundId, result.count.count.elected],
  )
  let invited = 0
  let updated = 0
  for (const person of elected) {
    const existing = await tx.manager.findOneBy(StaffUser, { email: person.email })
    if (existing) {
      const roles = existing.roles.includes('board-member') ? existing.roles : [...existing.roles, 'board-member' as const]
      await tx.manager.update(StaffUser, { id: existing.id }, { roles, boardTermStartsOn: term.startsOn, boardTermEndsOn: term.endsOn })
      await tx.audit(actor, { action: 'staff.updated', subjectType: 'staff_user', subjectId: existing.id, note: `elected to the board: ${round.slug}` })
      updated += 1
      continue
    }
    const user = await addStaffUser(tx.manager, { email: person.email, name: person.full_name, roles: ['board-member'], boardTermStartsOn: term.startsOn, boardTermEndsOn: term.endsOn }, null, actor)
    const { id, token, hours } = await createStaffToken(tx.manager, 'invitation', user.id)
    await tx.email({ key: `staff-invitation:${id}`, template: 'staff-invitation', to: user.email, data: { name: user.name, token, hours } })
    invited += 1
  }
  await tx.audit(actor, { action: 'board-election.publish-results', subjectType: 'board_election_round', subjectId: round.id, fromStatus: round.status, toStatus: to, note: `${elected.length} elected` })
  return { invited, updated }
}
