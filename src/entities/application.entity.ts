import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { ApplicationStatus } from '../domain/application-status.ts'
import type { UnsuccessfulReason } from '../domain/decisions.ts'
import type { ApplicationRole } from './application-role.entity.ts'
import type { Role } from './role.entity.ts'

/**
 * A submitted application. Personal fields are nullable because a deletion request or the
 * retention job erases them while the row (reference, status, dates) stays for the audit trail.
 */
@Entity({ name: 'applications' })
@Index('applications_reference_key', ['reference'], { unique: true })
@Index('applications_submission_key', ['submissionKey'], { unique: true })
@Index('applications_email_idx', ['email'])
@Index('applications_status_submitted_idx', ['status', 'submittedAt'])
@Index('applications_queue_idx', ['submittedAt', 'reference'], { where: 'erased_at IS NULL' })
@Index('applications_queue_status_idx', ['status'], { where: 'erased_at IS NULL' })
@Check(
  'applications_status_check',
  `"status" IN ('submitted', 'in_review', 'shortlisted', 'interview', 'offered', 'accepted', 'onboarding', 'active', 'unsuccessful', 'withdrawn', 'declined')`,
)
@Check('applications_unsuccessful_reason_check', `"unsuccessful_reason" IN ('role-filled', 'closer-match', 'availability', 'other')`)
@Check('applications_unsuccessful_feedback_check', `char_length("unsuccessful_feedback") BETWEEN 1 AND 2000`)
@Check('applications_unsuccessful_feedback_reason_check', `"unsuccessful_feedback" IS NULL OR "unsuccessful_reason" IS NOT NULL`)
export class Application {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ type: 'text' })
  reference: string

  /** The form's id from the applicant's session: the same form submitted twice is one application. */
  @Column({ name: 'submission_key', type: 'uuid' })
  submissionKey: string

  @Column({ type: 'text', default: 'submitted' })
  status: ApplicationStatus

  /** Optimistic lock: every status change is `UPDATE ... WHERE version = $expected`. */
  @Column({ type: 'integer', default: 1 })
  version: number

  @Column({ name: 'full_name', type: 'text', nullable: true })
  fullName: string | null

  /** Lower-cased. */
  @Column({ type: 'text', nullable: true })
  email: string | null

  @Column({ type: 'text', nullable: true })
  phone: string | null

  @Column({ name: 'nhs_employed', type: 'boolean', nullable: true })
  nhsEmployed: boolean | null

  @Column({ type: 'text', nullable: true })
  organisation: string | null

  /** The domain of an NHS email address the applicant verified with a code (never the address). */
  @Column({ name: 'nhs_email_verified_domain', type: 'text', nullable: true })
  nhsEmailVerifiedDomain: string | null

  @Column({ name: 'nhs_email_verified_at', type: 'timestamptz', nullable: true })
  nhsEmailVerifiedAt: Date | null

  @Column({ name: 'job_title', type: 'text', nullable: true })
  jobTitle: string | null

  @Column({ name: 'career_stage', type: 'text', nullable: true })
  careerStage: string | null

  /** 'yes', 'no' or 'not-sure'. */
  @Column({ name: 'hours_available', type: 'text', nullable: true })
  hoursAvailable: string | null

  @Column({ type: 'text', nullable: true })
  motivation: string | null

  @Column({ type: 'jsonb', default: () => "'[]'" })
  skills: string[]

  @Column({ name: 'skills_other', type: 'text', nullable: true })
  skillsOther: string | null

  @Column({ name: 'heard_about', type: 'text', nullable: true })
  heardAbout: string | null

  @Column({ name: 'consented_at', type: 'timestamptz', nullable: true })
  consentedAt: Date | null

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date

  /** The role offered, once an offer is made. */
  @Column({ name: 'offered_role_id', type: 'uuid', nullable: true })
  offeredRoleId: string | null

  @ManyToOne('Role', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offered_role_id', foreignKeyConstraintName: 'applications_offered_role_fkey' })
  offeredRole?: Role

  /** Why it was unsuccessful, as the community manager chose (the applicant reads it in kind words). */
  @Column({ name: 'unsuccessful_reason', type: 'text', nullable: true })
  unsuccessfulReason: UnsuccessfulReason | null

  /** The board's feedback to the applicant when it was unsuccessful, as written; erased with the rest. */
  @Column({ name: 'unsuccessful_feedback', type: 'text', nullable: true })
  unsuccessfulFeedback: string | null

  /** Set when the personal data was erased (deletion request or retention). */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date

  @OneToMany('ApplicationRole', (choice: ApplicationRole) => choice.application)
  roles?: ApplicationRole[]
}
