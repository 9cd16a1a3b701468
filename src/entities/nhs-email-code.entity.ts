import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm'

/** The live 6-digit code of one application form (see migrations/1765216800000). Only its hash is kept. */
@Entity({ name: 'nhs_email_codes' })
@Index('nhs_email_codes_expires_at_idx', ['expiresAt'])
@Check('nhs_email_codes_attempts_check', `"attempts" BETWEEN 0 AND 5`)
export class NhsEmailCode {
  /** The application form's id (the session's formId): one code per form. */
  @PrimaryColumn({ name: 'form_id', type: 'uuid' })
  formId: string

  /** Lower-cased address the code was sent to; the row goes when the code is used. */
  @Column({ type: 'text' })
  email: string

  @Column({ type: 'text' })
  domain: string

  @Column({ name: 'code_hash', type: 'text' })
  codeHash: string

  /** Wrong codes typed so far. */
  @Column({ type: 'integer', default: 0 })
  attempts: number

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
