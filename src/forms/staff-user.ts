import { STAFF_ROLES, type StaffRole } from '../domain/staff-roles.ts'
import { isEmail, normaliseEmail, tidyLine } from '../domain/text.ts'
import { addOneYear } from '../domain/onboarding.ts'
import { isRealDate } from './dates.ts'
import { asList, asString, type Errors, type Parsed } from './validation.ts'

export interface StaffUserValues {
  name: string
  email: string
  roles: StaffRole[]
  boardTermStartsOn: string
  boardTermEndsOn: string
}

/** The invite and edit forms for a staff account. `withEmail` is false when editing. */
export function parseStaffUser(body: Record<string, unknown>, withEmail = true): Parsed<StaffUserValues> {
  const name = tidyLine(body.name)
  const typedEmail = tidyLine(body.email)
  const picked = asList(body.roles)
  const roles = STAFF_ROLES.filter((role) => picked.includes(role))
  const boardTermStartsOn = asString(body.boardTermStartsOn).trim()
  const typedTermEnd = asString(body.boardTermEndsOn).trim()
  // A board term is one year unless the admin says otherwise.
  const boardTermEndsOn = !typedTermEnd && isRealDate(boardTermStartsOn) ? addOneYear(boardTermStartsOn) : typedTermEnd
  const errors: Errors = {}
  if (!name) errors.name = 'Enter their full name'
  else if (name.length > 100) errors.name = 'Full name must be 100 characters or fewer'
  if (withEmail) {
    if (!typedEmail) errors.email = 'Enter their email address'
    else if (!isEmail(typedEmail)) errors.email = 'Enter an email address in the correct format, like name@example.com'
  }
  if (roles.length === 0 || roles.length !== picked.length) errors.roles = 'Select at least one role from the list'
  if (boardTermStartsOn && !isRealDate(boardTermStartsOn)) errors.boardTermStartsOn = 'Enter the start of the board term as a real date'
  if (boardTermEndsOn && !isRealDate(boardTermEndsOn)) errors.boardTermEndsOn = 'Enter the end of the board term as a real date'
  if (!errors.boardTermStartsOn && !errors.boardTermEndsOn && boardTermStartsOn && boardTermEndsOn && boardTermEndsOn <= boardTermStartsOn) {
    errors.boardTermEndsOn = 'The end of the board term must be after its start'
  }
  return {
    values: { name, email: errors.email ? typedEmail : normaliseEmail(typedEmail), roles, boardTermStartsOn, boardTermEndsOn },
    errors,
  }
}
