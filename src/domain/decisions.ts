// What a community manager can decide about an application, and the kind words that go with
// an unsuccessful outcome.
import type { ApplicationEvent } from './application-status.ts'

export const DECISIONS = ['shortlist', 'invite_to_interview', 'offer', 'reject'] as const satisfies readonly ApplicationEvent[]
export type Decision = (typeof DECISIONS)[number]

export const DECISION_LABELS: Record<Decision, string> = {
  shortlist: 'Shortlist',
  invite_to_interview: 'Invite to a conversation',
  offer: 'Offer a role',
  reject: 'Unsuccessful',
}

/** What each decision does, as it reads after "You can now": the application page lists them. */
export const DECISION_PHRASES: Record<Decision, string> = {
  shortlist: 'shortlist the application',
  invite_to_interview: 'invite the applicant to a conversation',
  offer: 'offer the applicant a role',
  reject: 'tell the applicant they have not been successful this time',
}

/** The message once a decision is recorded (and the applicant emailed). */
export const DECISION_RECORDED: Record<Decision, string> = {
  shortlist: 'Application shortlisted',
  invite_to_interview: 'Applicant invited to a conversation',
  offer: 'Role offered to the applicant',
  reject: 'Application marked as not successful',
}

/** "a", "a or b", "a, b or c": the plain English list. */
export function listWithOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

export const UNSUCCESSFUL_REASONS = [
  { value: 'role-filled', text: 'Someone else was appointed', applicantText: 'we have appointed someone else to the role' },
  { value: 'closer-match', text: 'Other applications matched the role more closely', applicantText: 'other applications matched what the role needs more closely' },
  { value: 'availability', text: 'The time available does not fit the role', applicantText: 'the time you can give does not fit what the role needs at the moment' },
  { value: 'other', text: 'Another reason (explain in the feedback)', applicantText: null },
] as const
export type UnsuccessfulReason = (typeof UNSUCCESSFUL_REASONS)[number]['value']

export function isDecision(value: unknown): value is Decision {
  return typeof value === 'string' && (DECISIONS as readonly string[]).includes(value)
}
