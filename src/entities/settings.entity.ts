import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm'

/** The service's settings: exactly one row, id 1. */
@Entity({ name: 'settings' })
@Check('settings_single_row', `"id" = 1`)
@Check('settings_quorum_check', `"quorum" BETWEEN 1 AND 20`)
@Check('settings_reference_prefix_check', `"reference_prefix" ~ '^[A-Z]{2,6}$'`)
@Check('settings_website_url_check', `"website_url" ~ '^https://[^[:space:]]+$' AND char_length("website_url") <= 500`)
@Check('settings_slack_invite_url_check', `"slack_invite_url" ~ '^https://[^[:space:]]+$' AND char_length("slack_invite_url") <= 500`)
@Check('settings_code_of_conduct_url_check', `"code_of_conduct_url" ~ '^https://[^[:space:]]+$' AND char_length("code_of_conduct_url") <= 500`)
@Check('settings_sso_button_text_check', `char_length("sso_button_text") BETWEEN 1 AND 60`)
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

  /** The community's website, e.g. https://nhs-pycom.net/; null while not set. */
  @Column({ name: 'website_url', type: 'text', nullable: true })
  websiteUrl: string | null

  /** The link that invites someone to the community's Slack workspace; null while not set. */
  @Column({ name: 'slack_invite_url', type: 'text', nullable: true })
  slackInviteUrl: string | null

  /** Where the community's code of conduct is published; null while not set. */
  @Column({ name: 'code_of_conduct_url', type: 'text', nullable: true })
  codeOfConductUrl: string | null

  /**
   * Staff must sign in with SSO or a second factor before they see any application. Null only
   * until the seed decides it on the first start after the migration: on in production.
   */
  @Column({ name: 'staff_second_factor_required', type: 'boolean', nullable: true })
  staffSecondFactorRequired: boolean | null

  /** The words of the single sign-on button on /sign-in (shown when SSO is configured). */
  /** /about/recruitment publishes the summary of finished rounds (off until an admin opts in). */
  @Column({ name: 'publish_recruitment_summary', type: 'boolean', default: false })
  publishRecruitmentSummary: boolean

  @Column({ name: 'sso_button_text', type: 'text', default: 'Sign in with your NHS account' })
  ssoButtonText: string

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
