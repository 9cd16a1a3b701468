import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { StaffRole } from '../domain/staff-roles.ts'

/** A board member, community manager or admin, who signs in with email and password. */
@Entity({ name: 'staff_users' })
@Index('staff_users_email_key', ['email'], { unique: true })
@Check('staff_users_roles_check', `"roles" <@ ARRAY['board-member', 'community-manager', 'admin']::text[]`)
@Check('staff_users_new_application_emails_check', `"new_application_emails" IN ('immediate', 'digest')`)
@Check('staff_users_team_bio_check', `char_length("team_bio") <= 500`)
@Check('staff_users_team_organisation_check', `char_length("team_organisation") <= 200`)
export class StaffUser {
  @PrimaryGeneratedColumn('uuid')
  id: string

  /** Lower-cased. */
  @Column({ type: 'text' })
  email: string

  @Column({ type: 'text' })
  name: string

  /** argon2id; null until the invitation is accepted. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: StaffRole[]

  @Column({ type: 'boolean', default: true })
  active: boolean

  @Column({ name: 'board_term_starts_on', type: 'date', nullable: true })
  boardTermStartsOn: string | null

  @Column({ name: 'board_term_ends_on', type: 'date', nullable: true })
  boardTermEndsOn: string | null

  /** Board members choose each new application by email straight away, or a daily digest. */
  @Column({ name: 'new_application_emails', type: 'text', default: 'immediate' })
  newApplicationEmails: 'immediate' | 'digest'

  /** A board member chose to be listed on the public team page, with this bio and organisation. */
  @Column({ name: 'show_on_team', type: 'boolean', default: false })
  showOnTeam: boolean

  @Column({ name: 'team_bio', type: 'text', nullable: true })
  teamBio: string | null

  @Column({ name: 'team_organisation', type: 'text', nullable: true })
  teamOrganisation: string | null

  @Column({ name: 'last_signed_in_at', type: 'timestamptz', nullable: true })
  lastSignedInAt: Date | null

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
