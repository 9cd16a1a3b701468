import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import type { Criterion, RoleQuestion } from '../domain/role-definition.ts'
import type { Application } from './application.entity.ts'
import type { Role } from './role.entity.ts'

/**
 * One role an application is for, in order of preference, with a snapshot of the role's
 * questions and criteria as the applicant saw them: editing the role later changes neither
 * what they answered nor what reviewers score.
 */
@Entity({ name: 'application_roles' })
@Index('application_roles_application_role_key', ['applicationId', 'roleId'], { unique: true })
@Index('application_roles_application_preference_key', ['applicationId', 'preference'], { unique: true })
@Index('application_roles_role_idx', ['roleId'])
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

  /** Answers to the role's own questions, by question key. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers: Record<string, string | string[]>
}
