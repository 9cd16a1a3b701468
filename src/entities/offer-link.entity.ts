import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import type { Application } from './application.entity.ts'

export type OfferResponse = 'accepted' | 'declined'

/**
 * The emailed link that answers an offer (accept or decline). Only a hash of the token is kept.
 * It keeps working after it is answered, to show the answer already recorded.
 */
@Entity({ name: 'offer_links' })
@Index('offer_links_token_hash_key', ['tokenHash'], { unique: true })
@Index('offer_links_application_key', ['applicationId'], { unique: true })
@Check('offer_links_response_check', `"response" IN ('accepted', 'declined')`)
@Check('offer_links_responded_check', `("response" IS NULL) = ("responded_at" IS NULL)`)
export class OfferLink {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string

  @ManyToOne('Application', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'offer_links_application_fkey' })
  application?: Application

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date

  @Column({ type: 'text', nullable: true })
  response: OfferResponse | null

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
