import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'

/**
 * Someone who may vote in a board election round, with their one-time ballot link (its hash) and
 * whether they have voted: a flag with no time, never linked to a ballot (see the migration
 * 1766103000000-board-ballots.ts).
 */
@Entity({ name: 'board_electors' })
@Index('board_electors_round_email_key', ['roundId', 'email'], { unique: true })
@Index('board_electors_token_hash_key', ['tokenHash'], { unique: true })
@Check('board_electors_source_check', `"source" IN ('upload', 'board')`)
export class BoardElector {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string

  /** Lower-cased. */
  @Column({ type: 'text' })
  email: string

  /** Loaded from a CSV by an admin, or added as a member of the current board. */
  @Column({ type: 'text' })
  source: 'upload' | 'board'

  @Column({ name: 'token_hash', type: 'text', nullable: true })
  tokenHash: string | null

  @Column({ name: 'link_expires_at', type: 'timestamptz', nullable: true })
  linkExpiresAt: Date | null

  @Column({ type: 'boolean', default: false })
  voted: boolean

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
