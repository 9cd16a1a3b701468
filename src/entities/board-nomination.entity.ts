import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { NominationStatus } from '../domain/nomination-status.ts'
import type { BoardElectionRound } from './board-election-round.entity.ts'

/** Someone standing for the board in a round: their statement, and the admins' review of it. */
@Entity({ name: 'board_nominations' })
@Index('board_nominations_round_email_key', ['roundId', 'email'], { unique: true })
@Index('board_nominations_round_status_idx', ['roundId', 'status'])
@Check('board_nominations_status_check', `"status" IN ('submitted', 'eligible', 'ineligible', 'published', 'withdrawn')`)
export class BoardNomination {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string

  @ManyToOne('BoardElectionRound', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'board_nominations_round_fkey' })
  round?: BoardElectionRound

  @Column({ name: 'full_name', type: 'text' })
  fullName: string

  /** Lower-cased; never shown publicly. */
  @Column({ type: 'text' })
  email: string

  /** Up to 300 words, published on the candidates page with the nominee's consent. */
  @Column({ type: 'text' })
  statement: string

  /** When the nominee agreed that their name and statement are published. */
  @Column({ name: 'consented_at', type: 'timestamptz' })
  consentedAt: Date

  @Column({ type: 'text', default: 'submitted' })
  status: NominationStatus

  @Column({ type: 'integer', default: 1 })
  version: number

  /** Why an admin found the nomination not eligible; told to nobody but the admins. */
  @Column({ name: 'ineligible_reason', type: 'text', nullable: true })
  ineligibleReason: string | null

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
