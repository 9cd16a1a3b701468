import { passwordProblem } from '../domain/passwords.ts'
import { isEmail, normaliseEmail, tidyLine } from '../domain/text.ts'
import { asString, type Errors, type Parsed } from './validation.ts'

export function parseEmail(body: Record<string, unknown>): Parsed<{ email: string }> {
  const typed = tidyLine(body.email)
  const errors: Errors = {}
  if (!typed) errors.email = 'Enter your email address'
  else if (!isEmail(typed)) errors.email = 'Enter an email address in the correct format, like name@example.com'
  return { values: { email: errors.email ? typed : normaliseEmail(typed) }, errors }
}

export function parseSignIn(body: Record<string, unknown>): Parsed<{ email: string; password: string }> {
  const { values, errors } = parseEmail(body)
  const password = asString(body.password)
  if (!password) errors.password = 'Enter your password'
  return { values: { email: values.email, password }, errors }
}

/** A new password typed twice. */
export function parseNewPassword(
  body: Record<string, unknown>,
  person: { email?: string | null; name?: string | null },
): Parsed<{ password: string }> {
  const password = asString(body.password)
  const confirm = asString(body.confirmPassword)
  const errors: Errors = {}
  const problem = passwordProblem(password, person)
  if (problem) errors.password = problem
  else if (password !== confirm) errors.confirmPassword = 'Enter the same password twice'
  return { values: { password }, errors }
}

export function parseFirstAdmin(body: Record<string, unknown>): Parsed<{ name: string; email: string; password: string }> {
  const name = tidyLine(body.name)
  const { values, errors } = parseEmail(body)
  const nameErrors: Errors = {}
  if (!name) nameErrors.name = 'Enter your full name'
  else if (name.length > 100) nameErrors.name = 'Full name must be 100 characters or fewer'
  const password = parseNewPassword(body, { email: values.email, name })
  return { values: { name, email: values.email, password: password.values.password }, errors: { ...nameErrors, ...errors, ...password.errors } }
}
