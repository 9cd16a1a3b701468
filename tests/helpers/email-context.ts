import type { EmailContext } from '../../src/mail/templates.ts'

/** What tests render emails with: the seeded community, its links unset unless given. */
export function testEmailContext(overrides: Partial<EmailContext> = {}): EmailContext {
  return {
    communityName: 'NHS Python Community',
    baseUrl: 'https://roles.example.org',
    contactEmail: 'hello@example.org',
    websiteUrl: null,
    slackInviteUrl: null,
    codeOfConductUrl: null,
    ...overrides,
  }
}
