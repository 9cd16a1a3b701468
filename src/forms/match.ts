// "Find a role that suits you": reading and checking the questionnaire, and turning answers (from
// it, from an application in progress, or from a submitted application) into a matching profile.
import type { HoursAnswer, MatchableRole, MatchProfile } from '../domain/matching.ts'
import { CAREER_STAGES, HOURS_OPTIONS, NO_SKILLS_YET, type ApplyAnswers } from '../domain/application-answers.ts'
import { asList, asString, type Errors, type Parsed } from './validation.ts'

/** The questionnaire's answers, kept in the session and carried into an application. */
export interface MatchAnswers {
  hours: HoursAnswer
  nhsEmployed: 'yes' | 'no'
  careerStage: string
  /** Skills from the list, or just NO_SKILLS_YET. */
  skills: string[]
  /** Slugs of roles the person is interested in (optional). */
  interests: string[]
}

/** What the form shows again: possibly incomplete. */
export interface MatchFormValues {
  hours?: string
  nhsEmployed?: string
  careerStage?: string
  skills: string[]
  interests: string[]
}

export interface MatchFormContext {
  /** Every skill the roles draw on, once each, in the roles' order. */
  skillOptions: string[]
  /** The roles the person may say they are interested in. */
  roles: { slug: string; title: string }[]
}

export function matchFormContext(roles: readonly Pick<MatchableRole, 'slug' | 'title' | 'skills'>[]): MatchFormContext {
  const skills = new Map<string, string>()
  for (const role of roles) for (const skill of role.skills) if (!skills.has(skill.toLowerCase())) skills.set(skill.toLowerCase(), skill)
  return { skillOptions: [...skills.values()], roles: roles.map(({ slug, title }) => ({ slug, title })) }
}

export function isHoursAnswer(value: unknown): value is HoursAnswer {
  return HOURS_OPTIONS.some((option) => option.value === value)
}

/** Checks the questionnaire. `answers` is set only when there are no errors. */
export function parseMatch(body: Record<string, unknown>, context: MatchFormContext): Parsed<MatchFormValues> & { answers: MatchAnswers | null } {
  const hours = asString(body.hours)
  const nhsEmployed = asString(body.nhsEmployed)
  const careerStage = asString(body.careerStage)
  const skills = [...new Set(asList(body.skills))]
  const interests = [...new Set(asList(body.interests))]
  const errors: Errors = {}

  if (!isHoursAnswer(hours)) errors.hours = 'Select whether you can give about 2 hours a week'
  if (nhsEmployed !== 'yes' && nhsEmployed !== 'no') errors.nhsEmployed = 'Select yes if you work for the NHS or a health or care organisation'
  if (!CAREER_STAGES.some((stage) => stage.value === careerStage)) errors.careerStage = 'Select where you are in your career, or prefer not to say'
  const knownSkills = skills.filter((skill) => skill === NO_SKILLS_YET || context.skillOptions.includes(skill))
  if (knownSkills.length !== skills.length) errors.skills = 'Select skills from the list'
  else if (skills.includes(NO_SKILLS_YET) && skills.length > 1) errors.skills = 'Select the skills you have, or select ‘None of these yet’, not both'
  else if (skills.length === 0) errors.skills = 'Select the skills you have, or select ‘None of these yet’'
  const knownInterests = interests.filter((slug) => context.roles.some((role) => role.slug === slug))
  if (knownInterests.length !== interests.length) errors.interests = 'Select roles from the list, or leave this question unanswered'

  // Only values from the lists are ever shown again.
  const values: MatchFormValues = {
    hours: isHoursAnswer(hours) ? hours : undefined,
    nhsEmployed: nhsEmployed === 'yes' || nhsEmployed === 'no' ? nhsEmployed : undefined,
    careerStage: errors.careerStage ? undefined : careerStage,
    skills: knownSkills,
    interests: knownInterests,
  }
  const complete = Object.keys(errors).length === 0
  return {
    values,
    errors,
    answers: complete ? { hours: hours as HoursAnswer, nhsEmployed: nhsEmployed as 'yes' | 'no', careerStage, skills, interests } : null,
  }
}

export function matchFormValues(answers: MatchAnswers | undefined): MatchFormValues {
  return answers ? { ...answers } : { skills: [], interests: [] }
}

export function profileFromMatch(answers: MatchAnswers): MatchProfile {
  return {
    hoursAvailable: answers.hours,
    nhsEmployed: answers.nhsEmployed === 'yes',
    careerStage: answers.careerStage,
    skills: answers.skills.filter((skill) => skill !== NO_SKILLS_YET),
    interests: answers.interests,
  }
}

/** An application in progress, without interests: its suggestions compare roles like for like. */
export function profileFromApplyAnswers(answers: ApplyAnswers): MatchProfile {
  return {
    hoursAvailable: isHoursAnswer(answers.hours) ? answers.hours : null,
    nhsEmployed: answers.nhsEmployed === undefined ? null : answers.nhsEmployed === 'yes',
    careerStage: answers.careerStage ?? null,
    skills: (answers.skills ?? []).filter((skill) => skill !== NO_SKILLS_YET),
    interests: [],
  }
}

/** A submitted application's stored answers; the roles it is for count as its interests. */
export function profileFromApplication(
  application: { hoursAvailable: string | null; nhsEmployed: boolean | null; nhsEmailVerified?: boolean; careerStage: string | null; skills: readonly string[] },
  chosenSlugs: readonly string[],
): MatchProfile {
  return {
    hoursAvailable: isHoursAnswer(application.hoursAvailable) ? application.hoursAvailable : null,
    nhsEmployed: application.nhsEmployed,
    nhsEmailVerified: application.nhsEmailVerified === true,
    careerStage: application.careerStage,
    skills: application.skills.filter((skill) => skill !== NO_SKILLS_YET),
    interests: chosenSlugs,
  }
}

/**
 * The application's answers with the questionnaire's filled in where the application has none
 * yet (what was answered in the application itself wins). Skills are limited to `offeredSkills`,
 * those the chosen roles draw on; when none of them fit, the skills question is left to be asked.
 */
export function prefillFromMatch(answers: ApplyAnswers, match: MatchAnswers, offeredSkills: readonly string[]): ApplyAnswers {
  const prefilled = { ...answers }
  prefilled.hours ??= match.hours
  prefilled.careerStage ??= match.careerStage
  if (prefilled.nhsEmployed === undefined) {
    prefilled.nhsEmployed = match.nhsEmployed
    // Organisation and job title are asked on the same page when the answer is yes.
    if (match.nhsEmployed === 'no') Object.assign(prefilled, { organisation: '', jobTitle: '' })
  }
  if (prefilled.skills === undefined) {
    const skills = match.skills.includes(NO_SKILLS_YET) ? [NO_SKILLS_YET] : match.skills.filter((skill) => offeredSkills.includes(skill))
    if (skills.length > 0) prefilled.skills = skills
  }
  return prefilled
}
