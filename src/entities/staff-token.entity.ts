import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import type { StaffUser } from './staff-user.entity.ts'

export type StaffTokenPurpose = 'setup' | 'invitation' | 'password-reset'

/** One-time links for staff: first-admin setup, invitations and password resets. Hashed. */
@Entity({ name: 'staff_tokens' })
@Index('staff_tokens_token_hash_key', ['tokenHash'], { unique: true })
@Index('staff_tokens_staff_user_idx', ['staffUserId'])
@Check('staff_tokens_purpose_check', `"purpose" IN ('setup', 'invitation', 'password-reset')`)
export class StaffToken {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string

  @Column({ type: 'text' })
  purpose: StaffTokenPurpose

  /** Null only for the setup link, which makes the first admin. */
  @Column({ name: 'staff_user_id', type: 'uuid', nullable: true })
  staffUserId: string | null

  @ManyToOne('StaffUser', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'staff_tokens_staff_user_fkey' })
  staffUser?: StaffUser

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
