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
