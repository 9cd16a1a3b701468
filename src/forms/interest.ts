// "Get emails about volunteer roles" as data: its pages in order, one question each, and how
// each page's answer is read and checked. The routes walk this list.
import { ANY_ROLE, type InterestAnswers } from '../domain/interest.ts'
import { isEmail, normaliseEmail, tidyLine } from '../domain/text.ts'
import { asList, type Errors, type Parsed } from './validation.ts'

export const EMAIL_MAX_LENGTH = 254

export interface InterestFormContext {
  /** Slugs of the roles one may choose (the public ones, open or not). */
  roleSlugs: readonly string[]
}

export interface InterestStep {
  id: 'email' | 'roles' | 'consent'
  /** The page's <title> and question. */
  title: string
  view: string
  parse(body: Record<string, unknown>, context: InterestFormContext): Parsed<Partial<InterestAnswers>>
  isAnswered(answers: InterestAnswers, context: InterestFormContext): boolean
}

/** The chosen roles still on offer, or [ANY_ROLE]: "any role" stands for all of them. */
export function chosenRoles(choices: readonly string[], context: InterestFormContext): string[] {
  if (choices.includes(ANY_ROLE)) return [ANY_ROLE]
  return context.roleSlugs.filter((slug) => choices.includes(slug))
}

export const INTEREST_STEPS: readonly InterestStep[] = [
  {
    id: 'email',
    title: 'What is your email address?',
    view: 'pages/interest/email',
    parse(body) {
      const typed = tidyLine(body.email)
      const errors: Errors = {}
      if (!typed) errors.email = 'Enter your email address'
      else if (typed.length > EMAIL_MAX_LENGTH || !isEmail(typed)) errors.email = 'Enter an email address in the correct format, like name@example.com'
      return { values: { email: errors.email ? typed : normaliseEmail(typed) }, errors }
    },
    isAnswered: (answers) => typeof answers.email === 'string' && isEmail(answers.email),
  },
  {
    id: 'roles',
    title: 'Which roles would you like to hear about?',
    view: 'pages/interest/roles',
    parse(body, context) {
      const roles = chosenRoles(asList(body.roles), context)
      const errors: Errors = {}
      if (roles.length === 0) errors.roles = 'Select the roles you would like to hear about, or any role'
      return { values: { roles }, errors }
    },
    isAnswered: (answers, context) => chosenRoles(answers.roles ?? [], context).length > 0,
  },
  {
    id: 'consent',
    title: 'How we use your email address',
    view: 'pages/interest/consent',
    parse(body) {
      const consent = asList(body.consent).includes('yes')
      const errors: Errors = {}
      if (!consent) errors.consent = 'Confirm that you agree to us emailing you about volunteer roles'
      return { values: { consent }, errors }
    },
    isAnswered: (answers) => answers.consent === true,
  },
]

/** The first page still to answer, or null when Check your answers can show. */
export function firstUnanswered(answers: InterestAnswers, context: InterestFormContext): InterestStep | null {
  return INTEREST_STEPS.find((step) => !step.isAnswered(answers, context)) ?? null
}
