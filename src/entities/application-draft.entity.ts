import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'

/** A saved, unfinished application ("Save and come back later"), restored by an emailed link. */
@Entity({ name: 'application_drafts' })
@Index('application_drafts_token_hash_key', ['tokenHash'], { unique: true })
@Index('application_drafts_expires_idx', ['expiresAt'])
export class ApplicationDraft {
  @PrimaryGeneratedColumn('uuid')
  id: string

  /** SHA-256 of the emailed token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string

  @Column({ type: 'text' })
  email: string

  @Column({ type: 'jsonb' })
  answers: Record<string, unknown>

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
