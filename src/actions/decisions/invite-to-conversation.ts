import type { ApplicationStatus } from '../../domain/application-status.ts'
import type { Action } from '../tx.ts'
import { applicationForDecision, emailDecision, type DecisionOn } from './decision.ts'

export interface InviteToConversation extends DecisionOn {
  /** What the applicant reads: when and how to meet (the form requires it). */
  message?: string
}

/** A community manager invites the applicant to a conversation, by email with their message. */
export const inviteToConversation: Action<InviteToConversation, ApplicationStatus> = async (tx, input, actor) => {
  const application = await applicationForDecision(tx, input)
  const next = await tx.transition(application, 'invite_to_interview', actor)
  await emailDecision(tx, application, 'invite_to_interview', next, { template: 'conversation-invitation', data: { message: input.message ?? '' } })
  return next.status
}
