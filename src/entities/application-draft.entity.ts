import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'

/**
 * An unfinished application: its answers, kept as each page is sent. The browser that is
 * filling it in finds it by the key in its draft cookie; "Save and come back later" adds an
 * emailed one-time link that moves it to another device. Only hashes of the key and the link
 * are stored.
 */
@Entity({ name: 'application_drafts' })
@Index('application_drafts_token_hash_key', ['tokenHash'], { unique: true })
@Index('application_drafts_key_hash_key', ['keyHash'], { unique: true })
@Index('application_drafts_form_id_key', ['formId'], { unique: true })
@Index('application_drafts_expires_idx', ['expiresAt'])
export class ApplicationDraft {
  @PrimaryGeneratedColumn('uuid')
  id: string

  /** The form's id: submitting it twice makes one application; NHS email codes belong to it. */
  @Column({ name: 'form_id', type: 'uuid' })
  formId: string

  /** SHA-256 of the key in the draft cookie; null once the draft was removed from that device. */
  @Column({ name: 'key_hash', type: 'text', nullable: true })
  keyHash: string | null

  /** SHA-256 of the emailed link's token, until the link is used; the token is never stored. */
  @Column({ name: 'token_hash', type: 'text', nullable: true })
  tokenHash: string | null

  @Column({ name: 'link_expires_at', type: 'timestamptz', nullable: true })
  linkExpiresAt: Date | null

  /** The address the link was emailed to. */
  @Column({ type: 'text', nullable: true })
  email: string | null

  @Column({ type: 'jsonb' })
  answers: Record<string, unknown>

  /** The pages the applicant has sent, so that coming back skips only what they have seen. */
  @Column({ name: 'pages_done', type: 'text', array: true })
  pagesDone: string[]

  /** 7 days after the last change; the daily clean-up deletes it then. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
