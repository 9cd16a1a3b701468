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

// What the role administration pages hand to the actions once a form has been checked (see
// src/forms/role/). Parts that are stored with a key get it from the action.

/** A role's details: title, web address, summary, hours, NHS preference, places, closing date. */
export interface RoleDetails {
  title: string
  /** Only while the role is a draft; otherwise the slug is not changed. */
  slug: string | null
  summary: string
  hoursPerWeek: number
  nhsEmploymentPreferred: boolean
  places: number
  closesOn: string | null
}

/** Essential and desirable criteria as typed, one per line, before they get their keys. */
export interface CriteriaText {
  essential: string[]
  desirable: string[]
}

/** One role-specific question before it gets its key. */
export interface QuestionData {
  label: string
  hint: string | null
  type: QuestionType
  required: boolean
  options: string[]
}

/** One onboarding checklist item before it gets its key. */
export type ChecklistData = Omit<ChecklistTemplateItem, 'key'>
