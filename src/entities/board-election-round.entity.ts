import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { ElectionMethod, TieRule } from '../domain/board-election.ts'
import type { ElectionRoundStatus } from '../domain/election-round-status.ts'

/** A board election: the seats it fills, its dates, and the procedure the board chose for it. */
@Entity({ name: 'board_election_rounds' })
@Index('board_election_rounds_slug_key', ['slug'], { unique: true })
@Check('board_election_rounds_seats_check', `"seats" BETWEEN 1 AND 30`)
@Check('board_election_rounds_method_check', `"method" IN ('approval', 'stv')`)
@Check('board_election_rounds_tie_rule_check', `"tie_rule" IN ('lot', 'nomination-order')`)
@Check('board_election_rounds_status_check', `"status" IN ('draft', 'nominations', 'voting', 'counted', 'published', 'cancelled')`)
export class BoardElectionRound {
  @PrimaryGeneratedColumn('uuid')
  id: string

  /** The round's address: /board/elections/<slug>. */
  @Column({ type: 'text' })
  slug: string

  @Column({ type: 'text' })
  name: string

  /** Seats to fill. */
  @Column({ type: 'integer' })
  seats: number

  @Column({ name: 'nominations_open_on', type: 'date' })
  nominationsOpenOn: string

  @Column({ name: 'nominations_close_on', type: 'date' })
  nominationsCloseOn: string

  @Column({ name: 'voting_opens_on', type: 'date' })
  votingOpensOn: string

  /** Ballot links work until the end of this day. */
  @Column({ name: 'voting_closes_on', type: 'date' })
  votingClosesOn: string

  @Column({ type: 'text' })
  method: ElectionMethod

  @Column({ name: 'tie_rule', type: 'text' })
  tieRule: TieRule

  /** The procedure the board voted for, in its words. */
  @Column({ type: 'text' })
  procedure: string

  @Column({ type: 'text', default: 'draft' })
  status: ElectionRoundStatus

  /** Optimistic lock: every change is `UPDATE ... WHERE version = $expected`. */
  @Column({ type: 'integer', default: 1 })
  version: number

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
