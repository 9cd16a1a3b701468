// An unfinished application as the form works with it: the answers, kept in a draft row as each
// page is sent, and how long they are kept.
import type { ApplyAnswers } from './application-answers.ts'

/**
 * A draft is deleted this long after it last changed, and an emailed link to it works this long
 * after it was sent. The draft cookie lasts no longer than the draft.
 */
export const DRAFT_LIFETIME_DAYS = 7

export function draftExpiry(now: Date): Date {
  return new Date(now.getTime() + DRAFT_LIFETIME_DAYS * 24 * 60 * 60 * 1000)
}

/** The application being filled in on this device. */
export interface ApplicationForm {
  /** The draft row's id. */
  id: string
  /** The form's id: submitting it twice makes one application. */
  formId: string
  answers: ApplyAnswers
  /** Ids of the pages the applicant has sent. */
  pagesDone: string[]
  /** Where "Save and come back later" last emailed a link that has not been used yet. */
  linkSentTo: string | null
  expiresAt: Date
}

/** How far an application has got: enough to say where it carries on. */
export type FormProgress = Pick<ApplicationForm, 'answers' | 'pagesDone'>

/**
 * One page's answers added to the rest. Each role's questions are kept apart, so answers to a
 * role that was removed come back if it is chosen again (only the chosen roles' answers are sent).
 */
export function mergeAnswers(answers: ApplyAnswers, values: Partial<ApplyAnswers>): ApplyAnswers {
  const merged: ApplyAnswers = { ...answers, ...values }
  if (values.roleAnswers) merged.roleAnswers = { ...answers.roleAnswers, ...values.roleAnswers }
  return merged
}

/** What a stored draft holds, as far as the form reads it. */
export interface StoredDraft {
  id: string
  formId: string
  answers: Record<string, unknown>
  pagesDone: string[]
  tokenHash: string | null
  linkExpiresAt: Date | null
  email: string | null
  expiresAt: Date
}

export function applicationFormOf(draft: StoredDraft, now: Date): ApplicationForm {
  const linkUsable = draft.tokenHash !== null && draft.linkExpiresAt !== null && draft.linkExpiresAt > now
  return {
    id: draft.id,
    formId: draft.formId,
    answers: draft.answers as ApplyAnswers,
    pagesDone: draft.pagesDone,
    linkSentTo: linkUsable ? draft.email : null,
    expiresAt: draft.expiresAt,
  }
}
