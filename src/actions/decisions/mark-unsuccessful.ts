import type { ApplicationStatus } from '../../domain/application-status.ts'
import { UNSUCCESSFUL_REASONS, type UnsuccessfulReason } from '../../domain/decisions.ts'
import { Application } from '../../entities/index.ts'
import type { Action } from '../tx.ts'
import { applicationForDecision, emailDecision, type DecisionOn } from './decision.ts'

export interface MarkUnsuccessful extends DecisionOn {
  reason?: UnsuccessfulReason
  /** Shown to the applicant as written. */
  feedback?: string
}

/**
 * A community manager tells the applicant their application was unsuccessful, kindly and with the
 * reason: the status change, the reason and feedback kept on the application, and the email.
 */
export const markUnsuccessful: Action<MarkUnsuccessful, ApplicationStatus> = async (tx, input, actor) => {
  const application = await applicationForDecision(tx, input)
  const reason = UNSUCCESSFUL_REASONS.find((r) => r.value === input.reason)
  // Only the reason's code: the feedback may be personal.
  const next = await tx.transition(application, 'reject', actor, { note: `reason: ${reason?.value ?? 'none'}` })
  // Kept for the applicant to read again at /my-application.
  await tx.manager.update(Application, { id: application.id }, { unsuccessfulReason: reason?.value ?? null, unsuccessfulFeedback: input.feedback || null })
  await emailDecision(tx, application, 'reject', next, {
    template: 'application-unsuccessful',
    data: { reasonText: reason?.applicantText ?? null, feedback: input.feedback ?? '' },
  })
  return next.status
}
