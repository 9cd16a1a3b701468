// The public nomination form as data: one question per page, then Check your answers. The routes
// walk this list (src/routes/board/nominate.routes.ts); nothing else knows the order.
import { NOMINATION_STATEMENT_MAX_LENGTH, NOMINATION_STATEMENT_MAX_WORDS, NOMINEE_NAME_MAX_LENGTH } from '../../domain/board-election.ts'
import { countWords, isEmail, normaliseEmail, tidyLine, tidyText } from '../../domain/text.ts'
import { asString, type Errors, type Parsed } from '../validation.ts'

export interface NominationAnswers {
  fullName?: string
  email?: string
  statement?: string
  consent?: 'yes'
}

export interface NominationStep {
  id: 'name' | 'email' | 'statement' | 'consent'
  title: string
  view: string
  parse(body: Record<string, unknown>): Parsed<Partial<NominationAnswers>>
}

const one = (field: keyof NominationAnswers, value: string, error: string | null): Parsed<Partial<NominationAnswers>> => ({
  values: { [field]: value },
  errors: error ? { [field]: error } : {},
})

export const NOMINATION_STEPS: readonly NominationStep[] = [
  {
    id: 'name',
    title: 'What is your full name?',
    view: 'pages/board/nominate/name',
    parse(body) {
      const fullName = tidyLine(body.fullName)
      return one('fullName', fullName, !fullName ? 'Enter your full name' : fullName.length > NOMINEE_NAME_MAX_LENGTH ? `Full name must be ${NOMINEE_NAME_MAX_LENGTH} characters or fewer` : null)
    },
  },
  {
    id: 'email',
    title: 'What is your email address?',
    view: 'pages/board/nominate/email',
    parse(body) {
      const typed = tidyLine(body.email)
      const error = !typed ? 'Enter your email address' : !isEmail(typed) ? 'Enter an email address in the correct format, like name@example.com' : null
      return one('email', error ? typed : normaliseEmail(typed), error)
    },
  },
  {
    id: 'statement',
    title: 'Your statement to the electors',
    view: 'pages/board/nominate/statement',
    parse(body) {
      const statement = tidyText(body.statement)
      const error = !statement
        ? 'Enter your statement'
        : countWords(statement) > NOMINATION_STATEMENT_MAX_WORDS
          ? `Your statement must be ${NOMINATION_STATEMENT_MAX_WORDS} words or fewer`
          : statement.length > NOMINATION_STATEMENT_MAX_LENGTH
            ? `Your statement must be ${NOMINATION_STATEMENT_MAX_LENGTH} characters or fewer`
            : null
      return one('statement', statement, error)
    },
  },
  {
    id: 'consent',
    title: 'Publishing your nomination',
    view: 'pages/board/nominate/consent',
    parse(body) {
      const consent = asString(body.consent) === 'yes'
      const errors: Errors = consent ? {} : { consent: 'Select that you agree to your name and statement being published, to stand for the board' }
      return { values: consent ? { consent: 'yes' } : {}, errors }
    },
  },
]

/** The first step not yet answered, or null when every one is. */
export function firstUnanswered(answers: NominationAnswers): NominationStep | null {
  const answered: Record<NominationStep['id'], boolean> = { name: !!answers.fullName, email: !!answers.email, statement: !!answers.statement, consent: answers.consent === 'yes' }
  return NOMINATION_STEPS.find((step) => !answered[step.id]) ?? null
}

/** The answers checked again, whole, before they are submitted. */
export function completeNomination(answers: NominationAnswers): { fullName: string; email: string; statement: string } | null {
  for (const step of NOMINATION_STEPS) {
    const body: Record<string, unknown> = { fullName: answers.fullName, email: answers.email, statement: answers.statement, consent: answers.consent }
    if (Object.keys(step.parse(body).errors).length > 0) return null
  }
  return { fullName: answers.fullName!, email: answers.email!, statement: answers.statement! }
}
