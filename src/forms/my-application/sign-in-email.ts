// "What email address did you apply with?": the page that sends an applicant a sign-in link.
import { isEmail, normaliseEmail, tidyLine } from '../../domain/text.ts'
import { type Errors, type Parsed } from '../validation.ts'

/** `email` is lower-cased when valid, and as typed (so the page can show it again) when not. */
export function parseSignInEmail(body: Record<string, unknown>): Parsed<{ email: string }> {
  const typed = tidyLine(body.email)
  const errors: Errors = {}
  if (!typed) errors.email = 'Enter your email address'
  else if (!isEmail(typed)) errors.email = 'Enter an email address in the correct format, like name@example.com'
  return { values: { email: errors.email ? typed : normaliseEmail(typed) }, errors }
}
