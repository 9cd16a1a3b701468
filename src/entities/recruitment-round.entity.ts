import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { RoundStatus } from '../domain/round-status.ts'

/** A recruitment round: a named period with the roles it covers (roles.round_id). */
@Entity({ name: 'recruitment_rounds' })
@Index('recruitment_rounds_name_key', { synchronize: false })
@Check('recruitment_rounds_status_check', `"status" IN ('open', 'finished')`)
@Check('recruitment_rounds_name_check', `char_length("name") BETWEEN 1 AND 120`)
export class RecruitmentRound {
  @PrimaryGeneratedColumn('uuid')
  id: string

  /** Unique whatever its case, e.g. "Executive team, spring 2027". */
  @Column({ type: 'text' })
  name: string

  @Column({ type: 'text', default: 'open' })
  status: RoundStatus

  /** Optimistic lock: a change is `UPDATE ... WHERE version = $expected`. */
  @Column({ type: 'integer', default: 1 })
  version: number

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
