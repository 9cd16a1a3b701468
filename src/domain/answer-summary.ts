// An application's answers as summary-list rows: the one mapping from answers to what people read,
// shared by Check your answers (the applicant, with Change links), the board's application page
// (blind review may hide who applied) and /my-application (the applicant, read-only afterwards).
import { CAREER_STAGES, HOURS_OPTIONS, labelFor, NO_SKILLS_YET, type ApplyAnswers } from './application-answers.ts'
import type { RoleQuestion } from './role-definition.ts'

/** Who reads the answers: the applicant ("you") or a reviewer ("they"). */
export type SummaryVoice = 'applicant' | 'reviewer'

/** A chosen role's own questions and the answers given, in order of preference. */
export interface SummaryRole {
  title: string
  /** Known while applying: the Change link goes to this role's questions page. */
  slug: string | null
  questions: readonly RoleQuestion[]
  answers: Readonly<Record<string, string | string[] | undefined>>
}

/** The identity fields, which blind review may hide from a reviewer. */
export interface SummaryIdentity {
  fullName: string | null
  email: string | null
  phone: string | null
  organisation: string | null
  jobTitle: string | null
  /** The verified NHS email address's domain, never the address. */
  nhsEmailDomain: string | null
}

/** Everything the summary shows, however it was stored. */
export interface SummaryAnswers {
  roles: readonly SummaryRole[]
  /** Null while blind review hides it from this reader. */
  identity: SummaryIdentity | null
  nhsEmployed: boolean | null
  /** Whether they verified an NHS email address; null leaves the row out (the page was not offered). */
  nhsEmailVerified: boolean | null
  careerStage: string | null
  hoursAvailable: string | null
  motivation: string | null
  /** Skills ticked, without "none of these yet". */
  skills: readonly string[]
  /** They ticked "none of these yet". */
  noSkillsYet: boolean
  skillsOther: string | null
  heardAbout: string | null
}

/** A value as it is shown: plain text, text in paragraphs (blank lines between), lines, or a numbered list. */
export type SummaryValue = { text: string } | { paragraphs: string } | { lines: string[] } | { list: string[] }

export interface SummaryRow {
  key: string
  value: SummaryValue
  /** The apply journey's page that asks this (its Change link), or null when there is none. */
  step: string | null
  /** What the Change link changes, for screen readers ("Change <this>"). */
  changes: string
  /** Further links beside Change, each to its own page ("Change order" for the roles). */
  more?: { step: string; text: string; changes: string }[]
}

export interface SummarySection {
  heading: string
  rows: SummaryRow[]
}

export const NOT_GIVEN = 'Not given'
export const NOT_ANSWERED = 'Not answered'
export const HIDDEN_UNTIL_SHORTLISTED = 'Hidden until shortlisted'

const WORDS = {
  applicant: {
    about: 'About you',
    application: 'Your application',
    motivation: 'Why you would like to volunteer',
    heardAbout: 'How you heard about us',
    nhsEmployment: 'whether you work for the NHS or a health or care organisation',
  },
  reviewer: {
    about: 'About the applicant',
    application: 'Their application',
    motivation: 'Why they would like to volunteer',
    heardAbout: 'How they heard about us',
    nhsEmployment: 'whether they work for the NHS or a health or care organisation',
  },
} as const

function row(key: string, value: SummaryValue, step: string | null, changes = key.toLowerCase()): SummaryRow {
  return { key, value, step, changes }
}

/** Plain text, or "Not given". */
function textOr(value: string | null | undefined, missing = NOT_GIVEN): SummaryValue {
  return { text: value || missing }
}

function paragraphsOr(value: string | null | undefined, missing = NOT_GIVEN): SummaryValue {
  return value ? { paragraphs: value } : { text: missing }
}

/** An answer to a role's own question, as text. */
export function questionAnswerText(question: Pick<RoleQuestion, 'type'>, answer: string | string[] | undefined): string {
  if (Array.isArray(answer)) return answer.join(', ')
  if (question.type === 'yes-no') return ({ yes: 'Yes', no: 'No' } as Record<string, string>)[answer ?? ''] ?? ''
  return answer ?? ''
}

function nhsEmailRow(answers: SummaryAnswers, voice: SummaryVoice): SummaryRow[] {
  if (answers.nhsEmailVerified === null) return []
  const domain = answers.identity?.nhsEmailDomain
  if (voice === 'applicant') {
    const text = answers.nhsEmailVerified ? `Verified: an address on ${domain}` : 'Not verified (optional)'
    return [row('NHS email address', { text }, 'nhs-email', 'whether you verified an NHS email address')]
  }
  // The domain can name the employer: blind review hides it with the rest of the identity.
  const text = !answers.nhsEmailVerified ? 'No' : domain ? `Yes, an address on ${domain}` : 'Yes'
  return [row('NHS email verified', { text }, null)]
}

/**
 * The answers in three sections: the roles, about the person, and their application (why, skills,
 * each role's own questions, how they heard about us). Equality monitoring is never part of it.
 */
export function answerSummary(answers: SummaryAnswers, voice: SummaryVoice): SummarySection[] {
  const words = WORDS[voice]
  const { identity } = answers
  const identityValue = (field: keyof SummaryIdentity): SummaryValue => (identity ? textOr(identity[field]) : { text: HIDDEN_UNTIL_SHORTLISTED })
  const titles = answers.roles.map((role) => role.title)
  const several = titles.length > 1
  const skillLines = [answers.skills.length > 0 ? answers.skills.join(', ') : answers.noSkillsYet ? 'None of these yet' : '', answers.skillsOther ?? ''].filter(Boolean)
  // Under blind review the organisation and job title are hidden whether or not they were given.
  const showsEmployment = answers.nhsEmployed === true || identity === null

  return [
    {
      heading: several ? 'Roles' : 'Role',
      rows: [
        {
          ...row(several ? 'Roles, in order of preference' : 'Role', several ? { list: titles } : { text: titles[0] ?? NOT_GIVEN }, 'roles', 'roles'),
          // Adding or removing roles keeps the answers to the questions of the roles still chosen.
          ...(several ? { more: [{ step: 'role-order', text: 'Change order', changes: 'of preference' }] } : {}),
        },
      ],
    },
    {
      heading: words.about,
      rows: [
        row('Full name', identityValue('fullName'), 'name'),
        row('Email address', identityValue('email'), 'email'),
        row('Phone number', identityValue('phone'), 'phone'),
        row(
          'Works for the NHS or a health or care organisation',
          { text: answers.nhsEmployed === null ? NOT_GIVEN : answers.nhsEmployed ? 'Yes' : 'No' },
          'nhs-employment',
          words.nhsEmployment,
        ),
        ...(showsEmployment ? [row('Organisation', identityValue('organisation'), 'nhs-employment'), row('Job title', identityValue('jobTitle'), 'nhs-employment')] : []),
        ...nhsEmailRow(answers, voice),
        row('Career stage', textOr(labelFor(CAREER_STAGES, answers.careerStage ?? undefined)), 'career-stage'),
        row('Can give about 2 hours a week', textOr(labelFor(HOURS_OPTIONS, answers.hoursAvailable ?? undefined)), 'hours', `whether ${voice === 'applicant' ? 'you' : 'they'} can give about 2 hours a week`),
      ],
    },
    {
      heading: words.application,
      rows: [
        row(words.motivation, paragraphsOr(answers.motivation), 'motivation'),
        row('Skills and experience', skillLines.length > 0 ? { lines: skillLines } : { text: NOT_GIVEN }, 'skills'),
        ...answers.roles.flatMap((role) =>
          role.questions.map((question) =>
            row(`${role.title}: ${question.label}`, paragraphsOr(questionAnswerText(question, role.answers[question.key]), NOT_ANSWERED), role.slug ? `questions/${role.slug}` : null, question.label),
          ),
        ),
        row(words.heardAbout, textOr(answers.heardAbout), 'heard-about'),
      ],
    },
  ]
}

/** The answers in an applicant's session (or draft), for Check your answers. */
export function summaryOfApplyAnswers(
  answers: ApplyAnswers,
  roles: readonly { slug: string; title: string; questions: readonly RoleQuestion[] }[],
  options: { nhsEmailOffered: boolean },
): SummaryAnswers {
  const nhsEmployed = answers.nhsEmployed === 'yes'
  return {
    roles: roles.map((role) => ({ title: role.title, slug: role.slug, questions: role.questions, answers: answers.roleAnswers?.[role.slug] ?? {} })),
    identity: {
      fullName: answers.fullName ?? null,
      email: answers.email ?? null,
      phone: answers.phone || null,
      organisation: nhsEmployed ? answers.organisation || null : null,
      jobTitle: nhsEmployed ? answers.jobTitle || null : null,
      nhsEmailDomain: answers.nhsEmailVerified?.domain ?? null,
    },
    nhsEmployed: answers.nhsEmployed === undefined ? null : nhsEmployed,
    nhsEmailVerified: options.nhsEmailOffered ? Boolean(answers.nhsEmailVerified) : null,
    careerStage: answers.careerStage ?? null,
    hoursAvailable: answers.hours ?? null,
    motivation: answers.motivation ?? null,
    skills: (answers.skills ?? []).filter((skill) => skill !== NO_SKILLS_YET),
    noSkillsYet: (answers.skills ?? []).includes(NO_SKILLS_YET),
    skillsOther: answers.skillsOther || null,
    heardAbout: answers.heardAbout || null,
  }
}

/** A submitted application as stored (its roles' snapshots in order of preference), for reading afterwards. */
export interface StoredAnswers {
  identity: SummaryIdentity | null
  nhsEmployed: boolean | null
  careerStage: string | null
  hoursAvailable: string | null
  motivation: string | null
  skills: readonly string[]
  skillsOther: string | null
  heardAbout: string | null
  roles: readonly { title: string; questions: readonly RoleQuestion[]; answers: Record<string, string | string[]> }[]
}

/**
 * A submitted application's answers. Whether an NHS address was verified is always shown: what
 * was stored cannot tell whether the page was offered.
 */
export function summaryOfStoredAnswers(application: StoredAnswers & { nhsEmailVerified: boolean }): SummaryAnswers {
  return {
    roles: application.roles.map((role) => ({ title: role.title, slug: null, questions: role.questions, answers: role.answers })),
    identity: application.identity,
    nhsEmployed: application.nhsEmployed,
    nhsEmailVerified: application.nhsEmailVerified,
    careerStage: application.careerStage,
    hoursAvailable: application.hoursAvailable,
    motivation: application.motivation,
    skills: application.skills,
    noSkillsYet: false,
    skillsOther: application.skillsOther,
    heardAbout: application.heardAbout,
  }
}
