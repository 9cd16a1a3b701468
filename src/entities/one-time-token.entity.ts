import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'

/** Emailed one-time links (sign-in and the like). Only a hash of the token is kept. */
@Entity({ name: 'one_time_tokens' })
@Index('one_time_tokens_token_hash_key', ['tokenHash'], { unique: true })
@Index('one_time_tokens_email_created_idx', ['email', 'createdAt'])
@Check('one_time_tokens_purpose_check', `"purpose" IN ('applicant-sign-in', 'executive-sign-in')`)
export class OneTimeToken {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string

  @Column({ type: 'text' })
  purpose: 'applicant-sign-in' | 'executive-sign-in'

  /** Lower-cased address the link was sent to. */
  @Column({ type: 'text' })
  email: string

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
