import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm'

/** The service's settings: exactly one row, id 1. */
@Entity({ name: 'settings' })
@Check('settings_single_row', `"id" = 1`)
@Check('settings_quorum_check', `"quorum" BETWEEN 1 AND 20`)
@Check('settings_reference_prefix_check', `"reference_prefix" ~ '^[A-Z]{2,6}$'`)
export class Settings {
  @PrimaryColumn({ type: 'integer', default: 1 })
  id: number

  @Column({ name: 'community_name', type: 'text' })
  communityName: string

  @Column({ name: 'contact_email', type: 'text' })
  contactEmail: string

  /** Starts every application reference, e.g. PYC in PYC-4K7M-Q9TX. */
  @Column({ name: 'reference_prefix', type: 'text', default: 'APP' })
  referencePrefix: string

  @Column({ type: 'integer', default: 2 })
  quorum: number

  @Column({ name: 'blind_review', type: 'boolean', default: true })
  blindReview: boolean

  @Column({ name: 'reminder_days', type: 'integer', default: 7 })
  reminderDays: number

  @Column({ name: 'retention_months', type: 'integer', default: 6 })
  retentionMonths: number

  /** Addresses on these domains, or under them, can be verified as NHS email addresses. */
  @Column({ name: 'nhs_email_domains', type: 'text', array: true, default: () => `'{nhs.net,nhs.uk}'` })
  nhsEmailDomains: string[]

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
