import { tidyText } from '../domain/text.ts'
import { isDecision, UNSUCCESSFUL_REASONS, type Decision, type UnsuccessfulReason } from '../domain/decisions.ts'
import { asString, parseVersion, type Errors, type Parsed } from './validation.ts'

export const DECISION_TEXT_LIMIT = 2000

export interface DecisionValues {
  decision: Decision | ''
  version: number
  message: string
  roleId: string
  reason: UnsuccessfulReason | ''
  feedback: string
  /** An offer confirmed although the role has no free place (the confirmation page's button). */
  beyondPlaces: boolean
}

/** Reads the decision form against what is allowed now and the roles applied for. */
export function parseDecision(body: Record<string, unknown>, allowed: Decision[], roleIds: string[]): Parsed<DecisionValues> {
  const decision = asString(body.decision)
  // Each decision reveals its own fields; only an offer has a note (a conversation's times and
  // note are asked on the page after).
  const message = decision === 'offer' ? tidyText(body.offerMessage) : ''
  const roleId = asString(body.roleId)
  const reason = asString(body.reason)
  const feedback = tidyText(body.feedback)
  const errors: Errors = {}

  const chosen = isDecision(decision) && allowed.includes(decision) ? decision : ''
  if (!chosen) errors.decision = 'Select a decision'
  if (chosen === 'offer' && !roleIds.includes(roleId)) errors.roleId = 'Select the role you are offering'
  const knownReason = UNSUCCESSFUL_REASONS.find((r) => r.value === reason)?.value ?? ''
  if (chosen === 'reject' && !knownReason) errors.reason = 'Select a reason'
  if (chosen === 'reject' && knownReason === 'other' && !feedback) errors.feedback = 'Enter feedback explaining the reason'
  if (message.length > DECISION_TEXT_LIMIT) errors.offerMessage = `The message must be ${DECISION_TEXT_LIMIT} characters or fewer`
  if (feedback.length > DECISION_TEXT_LIMIT) errors.feedback = `Feedback must be ${DECISION_TEXT_LIMIT} characters or fewer`

  return {
    values: { decision: chosen, version: parseVersion(body), message, roleId, reason: knownReason, feedback, beyondPlaces: chosen === 'offer' && asString(body.confirmBeyondPlaces) === 'yes' },
    errors,
  }
}
