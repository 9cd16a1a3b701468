import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'
import type { InterestStatus } from '../domain/interest.ts'

/**
 * Someone who asked to be emailed when a role opens (src/domain/interest.ts). Pending until the
 * address is confirmed from the email; the roles are in interest_registration_roles, unless it
 * asks for any role. Unsubscribing deletes the row and everything that hangs off it.
 */
@Entity({ name: 'interest_registrations' })
@Index('interest_registrations_confirmed_email_key', ['email'], { unique: true, where: `"status" = 'confirmed'` })
@Index('interest_registrations_confirm_token_hash_key', ['confirmTokenHash'], { unique: true })
@Index('interest_registrations_email_idx', ['email'])
@Check('interest_registrations_status_check', `"status" IN ('pending', 'confirmed')`)
@Check('interest_registrations_confirmation_check', `("confirmed_at" IS NULL) <> ("confirm_token_hash" IS NULL)`)
export class InterestRegistration {
  @PrimaryGeneratedColumn('uuid')
  id: string

  /** Lower-cased. */
  @Column({ type: 'text' })
  email: string

  @Column({ name: 'any_role', type: 'boolean', default: false })
  anyRole: boolean

  @Column({ type: 'text', default: 'pending' })
  status: InterestStatus

  /** SHA-256 of the token in the confirmation email; null once confirmed. */
  @Column({ name: 'confirm_token_hash', type: 'text', nullable: true })
  confirmTokenHash: string | null

  @Column({ name: 'consented_at', type: 'timestamptz' })
  consentedAt: Date

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  /** From here the retention period counts. */
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null
}
