import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { RoundApplicantFigures, RoundStatus } from '../domain/round-status.ts'

/** A recruitment round: a named period with the roles it covers (roles.round_id). */
@Entity({ name: 'recruitment_rounds' })
@Index('recruitment_rounds_name_key', { synchronize: false })
@Check('recruitment_rounds_status_check', `"status" IN ('open', 'finished')`)
@Check('recruitment_rounds_applicant_figures_check', `"applicant_figures" IS NULL OR jsonb_typeof("applicant_figures") = 'object'`)
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

  /** Who applied, counted when the round was finished (migrations/1766300001000-recruitment-summary-setting.ts). */
  @Column({ name: 'applicant_figures', type: 'jsonb', nullable: true })
  applicantFigures: RoundApplicantFigures | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
