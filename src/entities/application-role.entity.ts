import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import type { Criterion, RoleQuestion } from '../domain/role-definition.ts'
import type { Application } from './application.entity.ts'
import type { Role } from './role.entity.ts'

/**
 * One role an application is for, in order of preference, with a snapshot of the role's
 * questions and criteria as the applicant saw them, and its hours, NHS preference and skills:
 * editing the role later changes neither what they answered, nor what reviewers score, nor the
 * board's match breakdown.
 */
@Entity({ name: 'application_roles' })
@Index('application_roles_application_role_key', ['applicationId', 'roleId'], { unique: true })
@Index('application_roles_application_preference_key', ['applicationId', 'preference'], { unique: true })
@Index('application_roles_role_idx', ['roleId'])
@Index('application_roles_round_role_idx', ['roundId', 'roleId'])
@Check('application_roles_role_hours_check', `"role_hours_per_week" BETWEEN 1 AND 40`)
@Check('application_roles_role_skills_check', `jsonb_typeof("role_skills") = 'array'`)
@Check(
  'application_roles_match_snapshot_check',
  `("role_hours_per_week" IS NULL) = ("role_nhs_employment_preferred" IS NULL) AND ("role_hours_per_week" IS NULL) = ("role_skills" IS NULL)`,
)
export class ApplicationRole {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string

  @ManyToOne('Application', (application: Application) => application.roles, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'application_roles_application_fkey' })
  application?: Application

  @Column({ name: 'role_id', type: 'uuid' })
  roleId: string

  @ManyToOne('Role', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'application_roles_role_fkey' })
  role?: Role

  /** The round the role was in when the applicant applied (a trigger copies it when not given). */
  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string

  /** 1 is the first choice. */
  @Column({ type: 'integer' })
  preference: number

  @Column({ name: 'role_title', type: 'text' })
  roleTitle: string

  @Column({ name: 'role_version', type: 'integer' })
  roleVersion: number

  @Column({ type: 'jsonb', default: () => "'[]'" })
  questions: RoleQuestion[]

  @Column({ type: 'jsonb', default: () => "'[]'" })
  criteria: Criterion[]

  // What matching reads of the role (domain/matching.ts), all three or none: applications made
  // before they were kept have none, and the breakdown then uses the role as it is now.
  @Column({ name: 'role_hours_per_week', type: 'integer', nullable: true })
  roleHoursPerWeek: number | null

  @Column({ name: 'role_nhs_employment_preferred', type: 'boolean', nullable: true })
  roleNhsEmploymentPreferred: boolean | null

  @Column({ name: 'role_skills', type: 'jsonb', nullable: true })
  roleSkills: string[] | null

  /** Answers to the role's own questions, by question key. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers: Record<string, string | string[]>
}
