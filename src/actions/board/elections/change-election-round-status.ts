import { ELECTION_ROUND_MACHINE, type ElectionRoundEvent } from '../../../domain/election-round-status.ts'
import { nextStatus } from '../../../domain/status-machine.ts'
import type { Action } from '../../tx.ts'
import { lockRound, setRoundStatus } from './round-record.ts'

/** The moves that need nothing but the status change: opening nominations, and cancelling. */
export type SimpleRoundEvent = Extract<ElectionRoundEvent, 'open_nominations' | 'cancel'>

/** Opens the round for nominations or cancels it, from the version the admin saw. */
export const changeElectionRoundStatus: Action<{ roundId: string; version: number; event: SimpleRoundEvent }, void> = async (tx, { roundId, version, event }, actor) => {
  const round = await lockRound(tx.manager, roundId, version)
  const to = nextStatus(ELECTION_ROUND_MACHINE, round.status, event)
  await setRoundStatus(tx.manager, round, to)
  await tx.audit(actor, { action: `board-election.${event.replace(/_/g, '-')}`, subjectType: 'board_election_round', subjectId: round.id, fromStatus: round.status, toStatus: to })
}
