import { tidyText } from '../../domain/text.ts'
import { asString, type Errors, type Parsed } from '../validation.ts'

export const INELIGIBLE_REASON_MAX_LENGTH = 1000

/** An admin's finding on a nomination: eligible, or not with a reason. */
export function parseEligibility(body: Record<string, unknown>): Parsed<{ eligible: string; reason: string }> {
  const eligible = asString(body.eligible)
  const reason = tidyText(body.reason)
  const errors: Errors = {}
  if (eligible !== 'yes' && eligible !== 'no') errors.eligible = 'Select whether the nominee is eligible to stand'
  else if (eligible === 'no' && !reason) errors.reason = 'Enter why the nominee is not eligible'
  if (reason.length > INELIGIBLE_REASON_MAX_LENGTH) errors.reason = `The reason must be ${INELIGIBLE_REASON_MAX_LENGTH} characters or fewer`
  return { values: { eligible: eligible === 'yes' || eligible === 'no' ? eligible : '', reason }, errors }
}
