import { STATUS_LABELS, type ApplicationStatus } from './application-status.ts'
import { UNSUCCESSFUL_REASONS, type UnsuccessfulReason } from './decisions.ts'
import type { ExecutiveStatus } from './executive-status.ts'

/** What happens next, in the applicant's words, for each status: shown on /my-application. */
export const APPLICANT_NEXT_STEPS: Record<ApplicationStatus, string> = {
  submitted: 'Members of the board will read your application. We will email you when there is news.',
  in_review: 'Members of the board are reading your application. We will email you with the outcome, or to invite you to a short, informal conversation.',
  shortlisted: 'The board would like to know more about you. We will email you to arrange a short, informal conversation.',
  interview: 'We have invited you to a short, informal conversation. Check your email for the details.',
  offered: 'We would like to offer you this role. Check your email for the offer, and to accept or decline it.',
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

/** Once one role is offered, the application's status is that role's: the others were not offered. */
const ONE_ROLE_STATUSES: readonly ApplicationStatus[] = ['offered', 'accepted', 'onboarding', 'active', 'declined']

/** The board's review is still to come or under way: the applicant can be told roughly when to expect news. */
const AWAITING_REVIEW_STATUSES: readonly ApplicationStatus[] = ['submitted', 'in_review']

export const NOT_OFFERED_LABEL = 'Not offered'

/** An application as its applicant follows it (queries/applicant-applications.ts). */
export interface ApplicationProgress {
  status: ApplicationStatus
  submittedAt: Date
  /** In order of preference. */
  roles: readonly { roleId: string; title: string }[]
  offeredRoleId: string | null
  /** When the accept and decline links of an unanswered offer stop working. */
  offerRespondBy: Date | null
  unsuccessfulReason: UnsuccessfulReason | null
  unsuccessfulFeedback: string | null
  /** The executive role they took up, if they accepted an offer. */
  executive: { roleTitle: string; status: ExecutiveStatus; startsOn: string; termEndsOn: string } | null
}

export interface ProgressSettings {
  /** Board members are reminded of applications that have waited longer than this without enough reviews. */
  reminderDays: number
  /** Board reviews needed before a decision. */
  quorum: number
  /** Where applicants write to (settings). */
  contactEmail: string
  now: Date
  /** "26 November 2026", from a Date or a 'YYYY-MM-DD' date. */
  formatDate(date: Date | string): string
}

export interface RoleProgress {
  title: string
  statusLabel: string
  colour: string
  /** What happens next and roughly when, a sentence or two each. */
  next: string[]
}

const DAY_MS = 24 * 60 * 60 * 1000

/** By when the board aims to have reviewed it, or that it is taking longer, while it waits for review. */
function reviewTiming(application: ApplicationProgress, settings: ProgressSettings): string {
  const reviewedBy = new Date(application.submittedAt.getTime() + settings.reminderDays * DAY_MS)
  if (settings.now > reviewedBy) return 'Reviewing your application is taking longer than we hoped. We will email you as soon as there is news.'
  const days = settings.reminderDays === 1 ? '1 day' : `${settings.reminderDays} days`
  return `Board members aim to review each application within ${days} of receiving it, so we expect yours to be reviewed by ${settings.formatDate(reviewedBy)}.`
}

function statusSteps(application: ApplicationProgress, settings: ProgressSettings): string[] {
  const { status } = application
  const steps = [APPLICANT_NEXT_STEPS[status]]
  if (status === 'in_review') {
    const members = settings.quorum === 1 ? 'a board member has' : `${settings.quorum} board members have`
    steps.push(`Once ${members} reviewed it, the community manager decides what happens next.`)
  }
  if (AWAITING_REVIEW_STATUSES.includes(status)) steps.push(reviewTiming(application, settings))
  if (status === 'offered' && application.offerRespondBy) {
    steps.push(
      settings.now > application.offerRespondBy
        ? `The links in the offer email have expired. If you would still like the role, email ${settings.contactEmail}.`
        : `Please reply by ${settings.formatDate(application.offerRespondBy)}.`,
    )
  }
  if (status === 'unsuccessful') {
    const reason = UNSUCCESSFUL_REASONS.find((candidate) => candidate.value === application.unsuccessfulReason)?.applicantText
    if (reason) steps.unshift(`We are not able to offer you a role this time, because ${reason}.`)
  }
  return steps
}

/**
 * Each chosen role's status in words, with what happens next and roughly when. The board reviews
 * and decides on the whole application, so every role shares its status, until one role is
 * offered: the others were then not offered.
 */
export function roleProgress(application: ApplicationProgress, settings: ProgressSettings): RoleProgress[] {
  const offered = application.roles.find((role) => role.roleId === application.offeredRoleId)
  return application.roles.map((role) => {
    if (offered && role !== offered && ONE_ROLE_STATUSES.includes(application.status)) {
      return { title: role.title, statusLabel: NOT_OFFERED_LABEL, colour: 'grey', next: [`We offered you the ${offered.title} role instead.`] }
    }
    return {
      title: role.title,
      statusLabel: STATUS_LABELS[application.status],
      colour: APPLICANT_STATUS_TAG_COLOURS[application.status],
      next: statusSteps(application, settings),
    }
  })
}
