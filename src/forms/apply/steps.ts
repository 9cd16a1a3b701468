// The application form as data: which pages there are, when each applies, and how each one's
// answers are read and checked. The routes walk this list; nothing else knows the order.
// The file is long because it is the whole form, one step per page: kept together, the order of
// the pages and the checks on each read top to bottom in one place.
import { isNhsEmail } from '../../domain/nhs-email.ts'
import { countWords, isEmail, normaliseEmail, tidyLine, tidyText } from '../../domain/text.ts'
import type { RoleQuestion } from '../../domain/role-definition.ts'
import { asList, asString, type Errors, type Parsed } from '../validation.ts'
import { CAREER_STAGES, HOURS_OPTIONS, NO_SKILLS_YET, type ApplyAnswers, type FormRole } from '../../domain/application-answers.ts'
import { EQUALITY_QUESTIONS } from '../../domain/equality-questions.ts'

export const MOTIVATION_MAX_WORDS = 500
export const LIMITS = {
  fullName: 100,
  email: 254,
  phone: 20,
  organisation: 150,
  jobTitle: 100,
  motivationChars: 5000,
  skillsOther: 500,
  heardAbout: 200,
  roleAnswer: 1500,
}

export interface FormContext {
  /** Roles open for applications, in display order. */
  openRoles: FormRole[]
  /** The settings' NHS email domains; without them the NHS email step is offered only after a "yes". */
  nhsEmailDomains?: readonly string[]
}

export interface Step {
  id: string
  /** The page's <title> and its heading: stepTitle(step, answers, context) reads it. */
  title: string | ((answers: ApplyAnswers, context: FormContext) => string)
  view: string
  applies(answers: ApplyAnswers): boolean
  parse(body: Record<string, unknown>, answers: ApplyAnswers, context: FormContext): Parsed<Partial<ApplyAnswers>>
}

/** The chosen roles, in preference order, that are still open. */
export function chosenRoles(answers: ApplyAnswers, context: FormContext): FormRole[] {
  return (answers.roles ?? [])
    .map((slug) => context.openRoles.find((role) => role.slug === slug))
    .filter((role): role is FormRole => role !== undefined)
}

/** Skills offered on the skills page: those the chosen roles draw on, without repeats. */
export function skillOptions(answers: ApplyAnswers, context: FormContext): string[] {
  return [...new Set(chosenRoles(answers, context).flatMap((role) => role.skills))]
}

export function stepTitle(step: Step, answers: ApplyAnswers, context: FormContext): string {
  return typeof step.title === 'string' ? step.title : step.title(answers, context)
}

function tooLong(value: string, max: number): boolean {
  return value.length > max
}

const rolesStep: Step = {
  id: 'roles',
  title: 'Which roles are you interested in?',
  view: 'pages/apply/roles',
  applies: () => true,
  parse(body, answers, context) {
    const picked = [...new Set(asList(body.roles))]
    const errors: Errors = {}
    const known = picked.filter((slug) => context.openRoles.some((role) => role.slug === slug))
    if (picked.length === 0) errors.roles = 'Select at least one role you are interested in'
    else if (known.length !== picked.length) errors.roles = 'Select roles from the list'
    // Keep the order of preference already given for roles that stay chosen.
    const previous = (answers.roles ?? []).filter((slug) => known.includes(slug))
    const roles = [...previous, ...known.filter((slug) => !previous.includes(slug))]
    return { values: { roles, ...skillsStillOffered(answers, { ...answers, roles }, context) }, errors }
  },
}

/**
 * After the roles change, the skills ticked that none of the chosen roles draws on any more are
 * dropped; if nothing is left, the skills page is asked again.
 */
function skillsStillOffered(before: ApplyAnswers, after: ApplyAnswers, context: FormContext): Partial<ApplyAnswers> {
  if (before.skills === undefined) return {}
  const offered = skillOptions(after, context)
  const skills = before.skills.filter((skill) => skill === NO_SKILLS_YET || offered.includes(skill))
  if (skills.length === before.skills.length) return {}
  return { skills: skills.length > 0 || before.skillsOther ? skills : undefined }
}

const roleOrderStep: Step = {
  id: 'role-order',
  title: 'Put the roles in order of preference',
  view: 'pages/apply/role-order',
  applies: (answers) => (answers.roles?.length ?? 0) > 1,
  parse(body, answers) {
    const roles = answers.roles ?? []
    const errors: Errors = {}
    const ranks = new Map<string, number>()
    for (const slug of roles) {
      const rank = Number(asString(body[`rank-${slug}`]))
      if (!Number.isInteger(rank) || rank < 1 || rank > roles.length) {
        errors[`rank-${slug}`] = `Choose a number from 1 to ${roles.length}`
      } else {
        ranks.set(slug, rank)
      }
    }
    if (Object.keys(errors).length === 0 && new Set(ranks.values()).size !== roles.length) {
      errors[`rank-${roles[0]}`] = 'Give each role a different number'
    }
    const ordered = Object.keys(errors).length === 0 ? [...roles].sort((a, b) => ranks.get(a)! - ranks.get(b)!) : roles
    return { values: { roles: ordered }, errors }
  },
}

const nameStep: Step = {
  id: 'name',
  title: 'What is your full name?',
  view: 'pages/apply/name',
  applies: () => true,
  parse(body) {
    const fullName = tidyLine(body.fullName)
    const errors: Errors = {}
    if (!fullName) errors.fullName = 'Enter your full name'
    else if (tooLong(fullName, LIMITS.fullName)) errors.fullName = `Full name must be ${LIMITS.fullName} characters or fewer`
    return { values: { fullName }, errors }
  },
}

const emailStep: Step = {
  id: 'email',
  title: 'What is your email address?',
  view: 'pages/apply/email',
  applies: () => true,
  parse(body) {
    const typed = tidyLine(body.email)
    const errors: Errors = {}
    if (!typed) errors.email = 'Enter your email address'
    else if (!isEmail(typed)) errors.email = 'Enter an email address in the correct format, like name@example.com'
    return { values: { email: errors.email ? typed : normaliseEmail(typed) }, errors }
  },
}

const phoneStep: Step = {
  id: 'phone',
  title: 'What is your phone number? (optional)',
  view: 'pages/apply/phone',
  applies: () => true,
  parse(body) {
    const phone = tidyLine(body.phone)
    const errors: Errors = {}
    const digits = phone.replace(/\D/g, '')
    if (phone && (!/^[+\d\s()-]+$/.test(phone) || digits.length < 7 || digits.length > 15 || tooLong(phone, LIMITS.phone))) {
      errors.phone = 'Enter a phone number, like 07700 900 982 or +44 808 157 0192, or leave it blank'
    }
    return { values: { phone }, errors }
  },
}

const nhsEmploymentStep: Step = {
  id: 'nhs-employment',
  title: 'Do you work for the NHS or a health or care organisation?',
  view: 'pages/apply/nhs-employment',
  applies: () => true,
  parse(body) {
    const choice = asString(body.nhsEmployed)
    const organisation = tidyLine(body.organisation)
    const jobTitle = tidyLine(body.jobTitle)
    const errors: Errors = {}
    if (choice !== 'yes' && choice !== 'no') {
      errors.nhsEmployed = 'Select yes if you work for the NHS or a health or care organisation'
    } else if (choice === 'yes') {
      if (!organisation) errors.organisation = 'Enter the name of the organisation you work for'
      else if (tooLong(organisation, LIMITS.organisation)) errors.organisation = `Organisation must be ${LIMITS.organisation} characters or fewer`
      if (!jobTitle) errors.jobTitle = 'Enter your job title'
      else if (tooLong(jobTitle, LIMITS.jobTitle)) errors.jobTitle = `Job title must be ${LIMITS.jobTitle} characters or fewer`
    }
    const nhsEmployed = choice === 'yes' || choice === 'no' ? choice : undefined
    return {
      values: { nhsEmployed, organisation: choice === 'no' ? '' : organisation, jobTitle: choice === 'no' ? '' : jobTitle },
      errors,
    }
  },
}

// Optional: offered to people who work for the NHS or gave an NHS address. Sending and checking
// the code are routes of their own (routes/apply/nhs-email.routes.ts); this page's own buttons
// only move on, so skipping it loses nothing.
export const NHS_EMAIL_STEP_ID = 'nhs-email'

export function offersNhsEmailStep(answers: ApplyAnswers, domains: readonly string[]): boolean {
  return answers.nhsEmployed === 'yes' || isNhsEmail(answers.email ?? '', domains)
}

/** The address to send a code to ("Send code"), checked against the NHS domains. */
export function nhsEmailAddressErrors(typed: string, domains: readonly string[]): Errors {
  if (!typed) return { email: 'Enter your NHS email address' }
  if (!isEmail(typed)) return { email: 'Enter an email address in the correct format, like name@nhs.net' }
  if (!isNhsEmail(typed, domains)) return { email: 'Enter an NHS email address, like name@nhs.net. We can only verify addresses on NHS domains' }
  return {}
}

const nhsEmailStep: Step = {
  id: NHS_EMAIL_STEP_ID,
  title: 'Verify your NHS email address (optional)',
  view: 'pages/apply/nhs-email',
  applies: () => true,
  // "Skip" and "Continue" move on; only "Send code" has anything to check.
  parse: (body, _answers, context) => ({
    values: {},
    errors: asString(body.action) === 'send' ? nhsEmailAddressErrors(tidyLine(body.email), context.nhsEmailDomains ?? []) : {},
  }),
}

const careerStageStep: Step = {
  id: 'career-stage',
  title: 'Which best describes where you are in your career?',
  view: 'pages/apply/career-stage',
  applies: () => true,
  parse(body) {
    const careerStage = asString(body.careerStage)
    const errors: Errors = {}
    if (!CAREER_STAGES.some((stage) => stage.value === careerStage)) {
      errors.careerStage = 'Select where you are in your career, or prefer not to say'
    }
    return { values: { careerStage: errors.careerStage ? undefined : careerStage }, errors }
  },
}

const hoursStep: Step = {
  id: 'hours',
  title: 'Can you give about 2 hours a week?',
  view: 'pages/apply/hours',
  applies: () => true,
  parse(body) {
    const hours = asString(body.hours)
    const errors: Errors = {}
    if (!HOURS_OPTIONS.some((option) => option.value === hours)) errors.hours = 'Select whether you can give about 2 hours a week'
    return { values: { hours: errors.hours ? undefined : hours }, errors }
  },
}

const motivationStep: Step = {
  id: 'motivation',
  title: (answers, context) => `Why would you like to volunteer for ${chosenRoles(answers, context).length > 1 ? 'these roles' : 'this role'}?`,
  view: 'pages/apply/motivation',
  applies: () => true,
  parse(body) {
    const motivation = tidyText(body.motivation)
    const errors: Errors = {}
    if (!motivation) errors.motivation = 'Tell us why you would like to volunteer'
    else if (countWords(motivation) > MOTIVATION_MAX_WORDS || tooLong(motivation, LIMITS.motivationChars)) {
      errors.motivation = `Your answer must be ${MOTIVATION_MAX_WORDS} words or fewer`
    }
    return { values: { motivation }, errors }
  },
}

const skillsStep: Step = {
  id: 'skills',
  title: 'Which of these skills or experience do you have?',
  view: 'pages/apply/skills',
  applies: () => true,
  parse(body, answers, context) {
    const offered = skillOptions(answers, context)
    const picked = [...new Set(asList(body.skills))]
    const skillsOther = tidyText(body.skillsOther)
    const errors: Errors = {}
    const none = picked.includes(NO_SKILLS_YET)
    if (picked.some((skill) => skill !== NO_SKILLS_YET && !offered.includes(skill))) {
      errors.skills = 'Select skills from the list'
    } else if (none && picked.length > 1) {
      errors.skills = 'Select skills you have, or select ‘None of these yet’'
    } else if (picked.length === 0 && !skillsOther) {
      errors.skills = 'Select the skills you have, or select ‘None of these yet’'
    }
    if (tooLong(skillsOther, LIMITS.skillsOther)) errors.skillsOther = `Other skills must be ${LIMITS.skillsOther} characters or fewer`
    return { values: { skills: picked.filter((skill) => skill === NO_SKILLS_YET || offered.includes(skill)), skillsOther }, errors }
  },
}

/** The field id for one role question, unique across the form. */
export function questionFieldId(question: RoleQuestion): string {
  return `question-${question.key}`
}

function parseQuestion(question: RoleQuestion, body: Record<string, unknown>): { value: string | string[]; error?: string } {
  const field = questionFieldId(question)
  // The question as the role asks it, capitals and question mark kept: "Select an answer for
  // ‘Which format of event would you prefer?’".
  const label = question.label
  switch (question.type) {
    case 'text':
    case 'textarea': {
      const value = question.type === 'text' ? tidyLine(body[field]) : tidyText(body[field])
      const max = question.maxLength ?? LIMITS.roleAnswer
      if (question.required && !value) return { value, error: `Answer ‘${label}’` }
      if (value.length > max) return { value, error: `Your answer must be ${max} characters or fewer` }
      return { value }
    }
    case 'yes-no': {
      const value = asString(body[field])
      if (value && value !== 'yes' && value !== 'no') return { value: '', error: 'Select yes or no' }
      if (question.required && !value) return { value, error: `Select yes or no for ‘${label}’` }
      return { value }
    }
    case 'choose-one': {
      const value = asString(body[field])
      if (value && !question.options.includes(value)) return { value: '', error: 'Select an option from the list' }
      if (question.required && !value) return { value, error: `Select an answer for ‘${label}’` }
      return { value }
    }
    case 'choose-many': {
      const value = [...new Set(asList(body[field]))]
      if (value.some((item) => !question.options.includes(item))) {
        return { value: value.filter((item) => question.options.includes(item)), error: 'Select options from the list' }
      }
      if (question.required && value.length === 0) return { value, error: `Select at least one answer for ‘${label}’` }
      return { value }
    }
  }
}

function roleQuestionsStep(role: FormRole): Step {
  return {
    id: `questions/${role.slug}`,
    title: `Questions about the ${role.title.toLowerCase()} role`,
    view: 'pages/apply/role-questions',
    applies: (answers) => (answers.roles ?? []).includes(role.slug),
    parse(body, answers) {
      const errors: Errors = {}
      const roleAnswers: Record<string, string | string[]> = {}
      for (const question of role.questions) {
        const { value, error } = parseQuestion(question, body)
        roleAnswers[question.key] = value
        if (error) errors[questionFieldId(question)] = error
      }
      return { values: { roleAnswers: { ...answers.roleAnswers, [role.slug]: roleAnswers } }, errors }
    },
  }
}

const heardAboutStep: Step = {
  id: 'heard-about',
  title: 'How did you hear about us? (optional)',
  view: 'pages/apply/heard-about',
  applies: () => true,
  parse(body) {
    const heardAbout = tidyLine(body.heardAbout)
    const errors: Errors = {}
    if (tooLong(heardAbout, LIMITS.heardAbout)) errors.heardAbout = `Your answer must be ${LIMITS.heardAbout} characters or fewer`
    return { values: { heardAbout }, errors }
  },
}

const consentStep: Step = {
  id: 'consent',
  title: 'How we use your information',
  view: 'pages/apply/consent',
  applies: () => true,
  parse(body) {
    const consent = asList(body.consent).includes('yes')
    const errors: Errors = {}
    if (!consent) errors.consent = 'Confirm that you agree to us using your information to consider your application'
    return { values: { consent }, errors }
  },
}

const equalityStep: Step = {
  id: 'equality',
  title: 'Equality monitoring questions (optional)',
  view: 'pages/apply/equality',
  applies: () => true,
  parse(body) {
    const equality: Record<string, string> = {}
    const errors: Errors = {}
    for (const question of EQUALITY_QUESTIONS) {
      const value = asString(body[`equality-${question.key}`])
      if (!value) continue
      if (question.options.some((option) => option.value === value)) equality[question.key] = value
      else errors[`equality-${question.key}`] = 'Select an option from the list, or leave the question unanswered'
    }
    return { values: { equality, equalityDone: true }, errors }
  },
}

/** Every page that applies to these answers, in order. */
export function applicableSteps(answers: ApplyAnswers, context: FormContext): Step[] {
  const questionSteps = chosenRoles(answers, context)
    .filter((role) => role.questions.length > 0)
    .map(roleQuestionsStep)
  return [
    rolesStep,
    roleOrderStep,
    nameStep,
    emailStep,
    phoneStep,
    nhsEmploymentStep,
    ...(offersNhsEmailStep(answers, context.nhsEmailDomains ?? []) ? [nhsEmailStep] : []),
    careerStageStep,
    hoursStep,
    motivationStep,
    skillsStep,
    ...questionSteps,
    heardAboutStep,
    consentStep,
    equalityStep,
  ].filter((step) => step.applies(answers))
}

/** Whether a step has been answered, so "Continue" can skip to the first unanswered one. */
export function isAnswered(step: Step, answers: ApplyAnswers): boolean {
  switch (step.id) {
    case 'roles':
      return (answers.roles?.length ?? 0) > 0
    case 'role-order':
    case NHS_EMAIL_STEP_ID:
      return true
    case 'name':
      return Boolean(answers.fullName)
    case 'email':
      return Boolean(answers.email)
    case 'phone':
      return answers.phone !== undefined
    case 'nhs-employment':
      // A "yes" carried over from /match still needs the organisation and job title.
      return answers.nhsEmployed === 'no' || (answers.nhsEmployed === 'yes' && Boolean(answers.organisation) && Boolean(answers.jobTitle))
    case 'career-stage':
      return Boolean(answers.careerStage)
    case 'hours':
      return Boolean(answers.hours)
    case 'motivation':
      return Boolean(answers.motivation)
    case 'skills':
      return answers.skills !== undefined
    case 'heard-about':
      return answers.heardAbout !== undefined
    case 'consent':
      return answers.consent === true
    case 'equality':
      return answers.equalityDone === true
    default:
      return answers.roleAnswers?.[step.id.replace('questions/', '')] !== undefined
  }
}

/** Whether `id` is a page the form can have, for some answers (every role chosen, working for the NHS). */
export function isFormPage(id: string, context: FormContext): boolean {
  const every: ApplyAnswers = { roles: context.openRoles.map((role) => role.slug), nhsEmployed: 'yes' }
  return applicableSteps(every, context).some((step) => step.id === id)
}

/**
 * Where someone coming back carries on: the first page they have not sent, or whose answer is
 * missing. Answers filled in for them (from /match) still wait for them to see their page.
 * Null when every page is done.
 */
export function resumeStep(answers: ApplyAnswers, pagesDone: readonly string[], context: FormContext): Step | null {
  return applicableSteps(answers, context).find((step) => !pagesDone.includes(step.id) || !isAnswered(step, answers)) ?? null
}

/** Re-checks every page's answers: what Check your answers and Submit rely on. */
export function validateAll(answers: ApplyAnswers, context: FormContext): { step: Step; errors: Errors } | null {
  for (const step of applicableSteps(answers, context)) {
    if (!isAnswered(step, answers)) return { step, errors: {} }
    const role = chosenRoles(answers, context).find((candidate) => step.id === `questions/${candidate.slug}`)
    if (role) {
      // The role's questions may have been edited since they were answered: check the answers
      // against the questions as they are now, the ones the application will keep.
      const given = answers.roleAnswers?.[role.slug] ?? {}
      const body = Object.fromEntries(role.questions.map((question) => [questionFieldId(question), given[question.key] ?? '']))
      const { errors } = step.parse(body, answers, context)
      if (Object.keys(errors).length > 0) return { step, errors }
    }
  }
  return null
}
