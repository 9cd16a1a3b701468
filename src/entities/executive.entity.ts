import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { ExecutiveStatus } from '../domain/onboarding.ts'
import type { Application } from './application.entity.ts'
import type { OnboardingItem } from './onboarding-item.entity.ts'
import type { Role } from './role.entity.ts'

/**
 * A member of the executive team, made when an applicant accepts an offer. Name, email and
 * organisation are copied from the application when it is accepted.
 */
@Entity({ name: 'executives' })
@Index('executives_application_key', ['applicationId'], { unique: true })
@Index('executives_status_term_idx', ['status', 'termEndsOn'])
@Index('executives_email_idx', ['email'])
@Index('executives_role_status_idx', ['roleId', 'status'])
@Check('executives_status_check', `"status" IN ('onboarding', 'active', 'ended')`)
@Check('executives_term_check', `"term_ends_on" > "starts_on"`)
@Check('executives_bio_check', `char_length("bio") <= 500`)
@Check('executives_organisation_check', `char_length("organisation") <= 200`)
@Check('executives_handover_notes_check', `char_length("handover_notes") <= 5000`)
export class Executive {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string

  @ManyToOne('Application', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'executives_application_fkey' })
  application?: Application

  @Column({ name: 'role_id', type: 'uuid' })
  roleId: string

  @ManyToOne('Role', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'executives_role_fkey' })
  role?: Role

  @Column({ type: 'text' })
  name: string

  /** Lower-cased. */
  @Column({ type: 'text' })
  email: string

  @Column({ type: 'text', nullable: true })
  organisation: string | null

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string

  /** The last day of the term. */
  @Column({ name: 'term_ends_on', type: 'date' })
  termEndsOn: string

  @Column({ type: 'text', default: 'onboarding' })
  status: ExecutiveStatus

  /** The executive chose to be listed on the public team page. */
  @Column({ name: 'show_on_team', type: 'boolean', default: false })
  showOnTeam: boolean

  @Column({ type: 'text', nullable: true })
  bio: string | null

  @Column({ name: 'handover_notes', type: 'text', nullable: true })
  handoverNotes: string | null

  /** Optimistic lock: every edit is `UPDATE ... WHERE version = $expected`. */
  @Column({ type: 'integer', default: 1 })
  version: number

  /** Set once by the daily task, so the 30-day reminder goes once per term end date. */
  @Column({ name: 'term_reminder_sent_at', type: 'timestamptz', nullable: true })
  termReminderSentAt: Date | null

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date

  @OneToMany('OnboardingItem', (item: OnboardingItem) => item.executive)
  items?: OnboardingItem[]
}
