import type { ApplicationStatus } from './application-status.ts'

/** What happens next, in the applicant's words, for each status: shown on /my-application. */
export const APPLICANT_NEXT_STEPS: Record<ApplicationStatus, string> = {
  submitted: 'Members of the board will read your application. This usually takes 2 to 3 weeks. We will email you when there is news.',
  in_review: 'Members of the board are reading your application. We will email you with the outcome, or to invite you to a short, informal conversation.',
  shortlisted: 'The board would like to know more about you. We will email you to arrange a short, informal conversation.',
  interview: 'We have invited you to a short, informal conversation. Check your email for the details.',
  offered: 'We would like to offer you a role. Check your email for the offer, and to accept or decline it.',
  accepted: 'Thank you for accepting. The community manager will email you soon to help you get started.',
  onboarding: 'You are getting started. The community manager will help you work through your getting-started checklist.',
  active: 'You are volunteering with us. Thank you for your time.',
  unsuccessful: 'Thank you for applying. You are still very welcome to join in with the community, and to apply again in the future.',
  withdrawn: 'You withdrew this application. You are welcome to apply again at any time.',
  declined: 'You decided not to accept our offer. You are welcome to apply again in the future.',
}

/** NHS tag colours: neutral for the end of the road, never red for the applicant. */
export const APPLICANT_STATUS_TAG_COLOURS: Record<ApplicationStatus, string> = {
  submitted: 'blue',
  in_review: 'blue',
  shortlisted: 'purple',
  interview: 'purple',
  offered: 'green',
  accepted: 'green',
  onboarding: 'green',
  active: 'green',
  unsuccessful: 'grey',
  withdrawn: 'grey',
  declined: 'grey',
}
