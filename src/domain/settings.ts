// The service's settings as the pages, the forms and the actions see them (stored in the one
// row of the settings table).

export interface SettingsValues {
  communityName: string
  contactEmail: string
  /** Starts every application reference, e.g. PYC in PYC-4K7M-Q9TX. */
  referencePrefix: string
  quorum: number
  blindReview: boolean
  reminderDays: number
  retentionMonths: number
  /** Addresses on these domains, or under them, can be verified as NHS email addresses. */
  nhsEmailDomains: string[]
  /** The community's own links (https), each null while not set: what needs one leaves it out. */
  websiteUrl: string | null
  slackInviteUrl: string | null
  codeOfConductUrl: string | null
  /** Staff must sign in with SSO or a second factor before they see any application (on by default in production). */
  staffSecondFactorRequired: boolean
  /** The words of the single sign-on button on /sign-in. */
  ssoButtonText: string
  /** /about/recruitment publishes the summary of finished recruitment rounds. */
  publishRecruitmentSummary: boolean
}

/** The community's links, as every page and email gets them. */
export type CommunityLinks = Pick<SettingsValues, 'websiteUrl' | 'slackInviteUrl' | 'codeOfConductUrl'>
