// The shape of a role definition's parts. Stored as jsonb on the role so that an application can
// keep a snapshot of exactly what the applicant saw and what the reviewers scored.

// A role's status and its machine live in role-status.ts.
export { ROLE_STATUSES, ROLE_STATUS_LABELS, type RoleStatus } from './role-status.ts'

export interface Criterion {
  /** Stable key, so scores survive rewording. */
  key: string
  text: string
  kind: 'essential' | 'desirable'
}

export interface ReadingLink {
  title: string
  url: string
  description: string | null
}

export const QUESTION_TYPES = ['text', 'textarea', 'yes-no', 'choose-one', 'choose-many'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

export interface RoleQuestion {
  key: string
  label: string
  hint: string | null
  type: QuestionType
  required: boolean
  /** For choose-one and choose-many. */
  options: string[]
  /** For text and textarea. */
  maxLength: number | null
}

export type ChecklistOwner = 'community-manager' | 'executive'

export interface ChecklistTemplateItem {
  key: string
  title: string
  owner: ChecklistOwner
  /** Days after the executive's start date. */
  dueInDays: number
}
