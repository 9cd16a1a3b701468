import type { ApplicationStatus } from '../../domain/application-status.ts'
import type { Action } from '../tx.ts'
import { applicationForDecision, emailDecision, type DecisionOn } from './decision.ts'

/** A community manager shortlists an application: the status change, its audit row and the applicant's email. */
export const shortlist: Action<DecisionOn, ApplicationStatus> = async (tx, input, actor) => {
  const application = await applicationForDecision(tx, input)
  const next = await tx.transition(application, 'shortlist', actor)
  await emailDecision(tx, application, 'shortlist', next, { template: 'application-shortlisted' })
  return next.status
}
