import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm'

/**
 * The one-click unsubscribe link of one email about interest: a new token for each email, so
 * that only its SHA-256 is ever stored; every one of them unsubscribes the registration.
 */
@Entity({ name: 'interest_unsubscribe_links' })
@Index('interest_unsubscribe_links_registration_idx', ['registrationId'])
export class InterestUnsubscribeLink {
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash: string

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
