import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import type { StaffUser } from './staff-user.entity.ts'

/** One of a staff member's one-time recovery codes, for a lost authenticator app. Hashed. */
@Entity({ name: 'staff_recovery_codes' })
@Index('staff_recovery_codes_staff_user_code_key', ['staffUserId', 'codeHash'], { unique: true })
@Check('staff_recovery_codes_code_hash_check', `"code_hash" ~ '^[0-9a-f]{64}$'`)
export class StaffRecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'staff_user_id', type: 'uuid' })
  staffUserId: string

  @ManyToOne('StaffUser', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'staff_recovery_codes_staff_user_fkey' })
  staffUser?: StaffUser

  @Column({ name: 'code_hash', type: 'text' })
  codeHash: string

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
