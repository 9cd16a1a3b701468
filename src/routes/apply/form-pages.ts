// The application form's pages, as the routes show them: a question page, Check your answers and
// "Save and come back later". Shared by the form's routes and by expired-form.ts, which shows a
// page again when its form had stopped working.
import type { Response } from 'express'
import { answerSummary, summaryOfApplyAnswers } from '../../domain/answer-summary.ts'
import { CAREER_STAGES, HOURS_OPTIONS, NO_SKILLS_YET, type ApplyAnswers } from '../../domain/application-answers.ts'
import { DRAFT_LIFETIME_DAYS, type FormProgress } from '../../domain/application-draft.ts'
import { EQUALITY_QUESTIONS } from '../../domain/equality-questions.ts'
import { isNhsEmail } from '../../domain/nhs-email.ts'
import {
  applicableSteps,
  chosenRoles,
  isAnswered,
  LIMITS,
  MOTIVATION_MAX_WORDS,
  questionFieldId,
  resumeStep,
  skillOptions,
  stepTitle,
  type FormContext,
  type Step,
} from '../../forms/apply/steps.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import type { Services } from '../../services/index.ts'
import type { NotSaved } from './expired-form.ts'

export const BASE = '/apply'

export function stepUrl(step: Step, change = false): string {
  return `${BASE}/${step.id}${change ? '?change=1' : ''}`
}

/** Where someone coming back to their application carries on. */
export function continueUrl(form: FormProgress, context: FormContext): string {
  const step = resumeStep(form.answers, form.pagesDone, context)
  return step ? stepUrl(step) : `${BASE}/check`
}

export interface StepPageOptions {
  values: ApplyAnswers
  errors: Errors
  change: boolean
  typed?: Record<string, unknown>
  /** The page is shown again because its form had stopped working: nothing on it was kept. */
  notSaved?: NotSaved
  /** This browser has no application yet. */
  newApplication?: boolean
}

export function formPages(services: Services) {
  async function formContext(): Promise<FormContext> {
    return { openRoles: await services.roles.listOpenForApplication(), nhsEmailDomains: (await services.settings.get()).nhsEmailDomains }
  }

  /**
   * The page after `step`: Check your answers when changing, else the next page. `before`, the
   * answers before this page was sent: a role added from Check your answers is put last, so the
   * order of preference is asked again before anything else.
   */
  function nextUrl(step: Step, answers: ApplyAnswers, context: FormContext, change: boolean, before?: ApplyAnswers): string {
    const steps = applicableSteps(answers, context)
    const index = steps.findIndex((s) => s.id === step.id)
    if (change) {
      const added = step.id === 'roles' && (answers.roles ?? []).some((slug) => !(before?.roles ?? []).includes(slug))
      const order = steps.find((s) => s.id === 'role-order')
      if (added && order) return stepUrl(order, true)
      // Choosing roles can add pages (order, questions) that still need answers.
      const missing = steps.find((s) => !isAnswered(s, answers))
      return missing ? stepUrl(missing, true) : `${BASE}/check`
    }
    const next = steps[index + 1]
    return next ? stepUrl(next) : `${BASE}/check`
  }

  function backLinkFor(step: Step, answers: ApplyAnswers, context: FormContext, change: boolean) {
    if (change) return { href: `${BASE}/check`, text: 'Back to check your answers' }
    const steps = applicableSteps(answers, context)
    const index = steps.findIndex((s) => s.id === step.id)
    const previous = steps[index - 1]
    return { href: previous ? stepUrl(previous) : '/roles', text: 'Back' }
  }

  function renderStep(res: Response, step: Step, answers: ApplyAnswers, context: FormContext, options: StepPageOptions) {
    const roles = chosenRoles(answers, context)
    const status = options.notSaved ? 403 : Object.keys(options.errors).length > 0 ? 400 : 200
    res.status(status).render(step.view, {
      title: stepTitle(step, answers, context),
      step,
      values: options.values,
      typed: options.typed ?? {},
      errors: options.errors,
      errorList: errorList(options.errors),
      notSaved: options.notSaved ?? null,
      newApplication: options.newApplication ?? false,
      change: options.change,
      backLink: backLinkFor(step, answers, context, options.change),
      formAction: stepUrl(step, options.change),
      openRoles: context.openRoles,
      chosenRoles: roles,
      role: roles.find((role) => step.id === `questions/${role.slug}`) ?? null,
      skillOptions: skillOptions(answers, context),
      careerStages: CAREER_STAGES,
      hoursOptions: HOURS_OPTIONS,
      equalityQuestions: EQUALITY_QUESTIONS,
      noSkillsYet: NO_SKILLS_YET,
      limits: LIMITS,
      motivationMaxWords: MOTIVATION_MAX_WORDS,
      questionFieldId,
      nhsEmailSuggestion: isNhsEmail(answers.email ?? '', context.nhsEmailDomains ?? []) ? answers.email : '',
    })
  }

  function renderCheck(res: Response, answers: ApplyAnswers, context: FormContext, options: { notSaved?: NotSaved } = {}) {
    const steps = applicableSteps(answers, context)
    const summary = summaryOfApplyAnswers(answers, chosenRoles(answers, context), { nhsEmailOffered: steps.some((step) => step.id === 'nhs-email') })
    res.status(options.notSaved ? 403 : 200).render('pages/apply/check', {
      title: 'Check your answers before sending your application',
      answers,
      answerSections: answerSummary(summary, 'applicant'),
      equalityQuestions: EQUALITY_QUESTIONS,
      notSaved: options.notSaved ?? null,
      backLink: { href: stepUrl(steps.at(-1)!), text: 'Back' },
    })
  }

  async function renderSave(res: Response, progress: FormProgress, options: { email: string; errors?: Errors; notSaved?: NotSaved }) {
    const errors = options.errors ?? {}
    res.status(options.notSaved ? 403 : Object.keys(errors).length > 0 ? 400 : 200).render('pages/apply/save', {
      title: 'Save your application and come back later',
      values: { email: options.email },
      errors,
      errorList: errorList(errors),
      notSaved: options.notSaved ?? null,
      lifetimeDays: DRAFT_LIFETIME_DAYS,
      backLink: { href: continueUrl(progress, await formContext()), text: 'Back to your application' },
    })
  }

  return { formContext, nextUrl, renderStep, renderCheck, renderSave }
}
