import { Check, Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm'
import type { StaffUser } from './staff-user.entity.ts'

export type SecondFactorKind = 'totp'

/** A staff member's authenticator app: its secret encrypted (services/data-encryption.ts), never in clear. */
@Entity({ name: 'staff_second_factors' })
@Check('staff_second_factors_kind_check', `"kind" IN ('totp')`)
@Check('staff_second_factors_secret_ciphertext_check', `"secret_ciphertext" ~ '^[A-Za-z0-9_-]{40,}$'`)
export class StaffSecondFactor {
  @PrimaryColumn({ name: 'staff_user_id', type: 'uuid' })
  staffUserId: string

  @OneToOne('StaffUser', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'staff_second_factors_staff_user_fkey' })
  staffUser?: StaffUser

  @Column({ type: 'text', default: 'totp' })
  kind: SecondFactorKind

  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext: string

  /** The 30-second step of the last code accepted: that code and any earlier one are refused. */
  @Column({ name: 'last_time_step', type: 'bigint', nullable: true })
  lastTimeStep: string | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
