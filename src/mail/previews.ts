import { renderEmail, type EmailContext, type RenderedEmail } from './templates.ts'

// Sample data for every email template, for the admins' previews (/admin/emails/templates). Each
// is the data the code that queues that email passes (see the comment at the top of each
// template; the digests get each application's roles as one string). Tokens here are made up: a
// preview's links lead nowhere.

const ROLE_TITLES = ['Web developer', 'Events manager']
const EXECUTIVE_ID = '00000000-0000-4000-8000-000000000001'

export const EMAIL_PREVIEWS: Record<string, Record<string, unknown>> = {
  'applicant-sign-in-no-application': { minutes: 30 },
  'board-ballot': { roundName: 'Board election 2027', roundSlug: 'board-election-2027', token: 'preview-ballot-token', votingClosesOn: '2027-03-15', method: 'stv', seats: 3 },
  'board-nomination-received': { fullName: 'Grace Hopper', roundName: 'Board election 2027', roundSlug: 'board-election-2027', nominationsCloseOn: '2027-01-31', again: false },
  'board-nomination-reviewed': { fullName: 'Grace Hopper', roundName: 'Board election 2027', roundSlug: 'board-election-2027', eligible: false, reason: 'The procedure asks that candidates have been members for a year.' },
  'board-term-ending': { name: 'Bea Board', termEndsOn: '2026-09-30', days: 60 },
  'board-term-ending-admin': { adminName: 'Ada Admin', name: 'Bea Board', termEndsOn: '2026-09-30', days: 60, staffUserId: EXECUTIVE_ID },
  'applicant-sign-in': { token: 'preview-sign-in-token', minutes: 30 },
  'application-draft-saved': { token: 'preview-resume-token', expiresOn: '2026-06-30T17:00:00.000Z' },
  'application-received': { fullName: 'Grace Hopper', reference: 'PYC-2026-0001', roleTitles: ROLE_TITLES },
  'application-shortlisted': { fullName: 'Grace Hopper', reference: 'PYC-2026-0001', roleTitles: ROLE_TITLES },
  'application-unsuccessful': {
    fullName: 'Grace Hopper',
    reference: 'PYC-2026-0001',
    roleTitles: ROLE_TITLES,
    reasonText: 'we had many strong applications for few places',
    feedback: 'Thank you for a thoughtful application.\n\nWe would welcome one from you for a future role.',
  },
  'application-withdrawn': { fullName: 'Grace Hopper', reference: 'PYC-2026-0001', roleTitles: ROLE_TITLES, retentionMonths: 6 },
  'conversation-times': {
    fullName: 'Grace Hopper',
    reference: 'PYC-2026-0001',
    times: ['Tuesday 8 December 2026, 6:30pm to 6:50pm', 'Wednesday 9 December 2026, 12:30pm to 12:50pm'],
    how: 'video',
    howText: 'a video call',
    location: 'https://meet.example.org/pyc',
    note: 'Bea from the board will join us.',
    token: 'preview-conversation-token',
    respondBy: 'Wednesday 9 December 2026',
  },
  'conversation-booked': {
    name: 'Grace Hopper',
    forStaff: false,
    applicantName: 'Grace Hopper',
    reference: 'PYC-2026-0001',
    when: 'Tuesday 8 December 2026, 6:30pm to 6:50pm',
    how: 'video',
    howText: 'a video call',
    location: 'https://meet.example.org/pyc',
    rescheduled: false,
    reason: '',
    token: 'preview-conversation-token',
  },
  'conversation-cancelled': { name: 'Grace Hopper', forStaff: false, applicantName: 'Grace Hopper', reference: 'PYC-2026-0001', when: 'Tuesday 8 December 2026, 6:30pm to 6:50pm', reason: 'I am on call that evening.' },
  'conversation-none-suit': { name: 'Cora Manager', reference: 'PYC-2026-0001', suggestion: 'Any weekday after 7pm.', times: ['Tuesday 8 December 2026, 6:30pm to 6:50pm'] },
  'conversation-reminder': {
    name: 'Grace Hopper',
    forStaff: false,
    applicantName: 'Grace Hopper',
    reference: 'PYC-2026-0001',
    when: 'Tuesday 8 December 2026, 6:30pm to 6:50pm',
    how: 'phone',
    howText: 'a phone call',
    location: '',
    rescheduled: false,
    reason: '',
    token: 'preview-conversation-token',
  },
  'executive-sign-in': { name: 'Grace Hopper', token: 'preview-sign-in-token', minutes: 30 },
  'executive-welcome': {
    name: 'Grace Hopper',
    roleTitle: 'Web developer',
    token: 'preview-welcome-token',
    days: 7,
    yourItems: [
      { key: 'join-slack', title: 'Join the community’s Slack workspace' },
      { key: 'code-of-conduct', title: 'Read the code of conduct' },
      { key: null, title: 'Meet the events manager' },
    ],
  },
  'interest-already-registered': {
    token: 'preview-confirm-token',
    hours: 24,
    anyRole: false,
    roleTitles: ROLE_TITLES,
    currentAnyRole: false,
    currentRoleTitles: ['Content manager'],
    unsubscribeToken: 'preview-unsubscribe-token',
  },
  'interest-confirm': { token: 'preview-confirm-token', hours: 24, anyRole: false, roleTitles: ROLE_TITLES, unsubscribeToken: 'preview-unsubscribe-token' },
  'interest-role-opened': {
    roleTitle: 'Web developer',
    roleSlug: 'web-developer',
    roleSummary: 'Look after the community website and help members publish to it.',
    closesOn: '2026-07-31',
    keptUntil: '2026-12-01',
    unsubscribeToken: 'preview-unsubscribe-token',
  },
  'nhs-email-code': { code: '492615', minutes: 10 },
  'new-application': { reference: 'PYC-2026-0001', roleTitles: ROLE_TITLES, memberName: 'Bea Board' },
  'new-applications-digest': {
    memberName: 'Bea Board',
    applications: [
      { reference: 'PYC-2026-0001', roleTitles: ROLE_TITLES.join(', ') },
      { reference: 'PYC-2026-0002', roleTitles: 'Events manager' },
    ],
  },
  'offer-accepted': { managerName: 'Cara Manager', name: 'Grace Hopper', roleTitle: 'Web developer', reference: 'PYC-2026-0001', executiveId: EXECUTIVE_ID },
  'offer-declined': { managerName: 'Cara Manager', name: 'Grace Hopper', roleTitle: 'Web developer', reference: 'PYC-2026-0001' },
  offer: {
    fullName: 'Grace Hopper',
    reference: 'PYC-2026-0001',
    roleTitle: 'Web developer',
    message: 'We were impressed by your application and would love you to join us.',
    offerToken: 'preview-offer-token',
    respondBy: '2026-07-14T23:59:00.000Z',
  },
  'onboarding-complete': { managerName: 'Cara Manager', name: 'Grace Hopper', roleTitle: 'Web developer', executiveId: EXECUTIVE_ID, early: false },
  'review-reminder': {
    memberName: 'Bea Board',
    applications: [
      { reference: 'PYC-2026-0001', roleTitles: ROLE_TITLES.join(', '), days: 8 },
      { reference: 'PYC-2026-0002', roleTitles: 'Events manager', days: 5 },
    ],
  },
  'staff-invitation': { name: 'Bea Board', token: 'preview-token', hours: 72 },
  'staff-password-reset': { name: 'Bea Board', link: 'https://example.org/reset-password/preview-token', hours: 1 },
  'staff-second-factor-reset': { name: 'Bea Board' },
  'staff-second-factor-set-up': { name: 'Bea Board' },
  'staff-test': { requestedBy: 'Ada Admin' },
  'term-ending-staff': { managerName: 'Cara Manager', name: 'Grace Hopper', roleTitle: 'Web developer', termEndsOn: '2026-09-30', executiveId: EXECUTIVE_ID },
  'term-ending': { name: 'Grace Hopper', roleTitle: 'Web developer', termEndsOn: '2026-09-30' },
}

/** A template rendered with its sample data; null when there is no sample (so no such template to preview). */
export async function renderEmailPreview(name: string, context: EmailContext): Promise<RenderedEmail | null> {
  const data = Object.hasOwn(EMAIL_PREVIEWS, name) ? EMAIL_PREVIEWS[name] : undefined
  return data ? renderEmail(name, data, context) : null
}
