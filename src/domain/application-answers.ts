// What an applicant has answered so far, kept in their draft (domain/application-draft.ts) as
// each page is sent.
import type { RoleQuestion } from './role-definition.ts'

export const CAREER_STAGES = [
  { value: 'apprentice', text: 'Apprentice' },
  { value: 'trainee', text: 'Trainee' },
  { value: 'student', text: 'Student' },
  { value: 'early-career', text: 'Early in my career' },
  { value: 'experienced', text: 'Experienced' },
  { value: 'prefer-not-to-say', text: 'Prefer not to say' },
] as const

/** The career stages the community most wants to reach: apprentices, trainees, students and early career. */
export const EARLY_CAREER_STAGES: readonly string[] = ['apprentice', 'trainee', 'student', 'early-career']

export const HOURS_OPTIONS = [
  { value: 'yes', text: 'Yes' },
  { value: 'not-sure', text: 'I am not sure yet' },
  { value: 'no', text: 'No' },
] as const

export const NO_SKILLS_YET = 'none-yet'

export interface ApplyAnswers {
  /** Role slugs, first choice first. */
  roles?: string[]
  fullName?: string
  email?: string
  phone?: string
  nhsEmployed?: 'yes' | 'no'
  organisation?: string
  jobTitle?: string
  /** Set by the server once a code sent to an NHS address was entered: the domain, never the address. */
  nhsEmailVerified?: { domain: string; verifiedAt: string }
  careerStage?: string
  hours?: string
  motivation?: string
  skills?: string[]
  skillsOther?: string
  /** Answers to each role's own questions: slug -> question key -> answer. */
  roleAnswers?: Record<string, Record<string, string | string[]>>
  heardAbout?: string
  /** Equality monitoring: question key -> answer. Never shown to reviewers. */
  equality?: Record<string, string>
  equalityDone?: boolean
  consent?: boolean
}

/** What the application form needs to know about a role open for applications. */
export interface FormRole {
  slug: string
  title: string
  hoursPerWeek: number
  skills: string[]
  questions: RoleQuestion[]
  /** Every place is filled: applying joins the role's waiting list (src/domain/places.ts). */
  waitingList?: boolean
}

export function labelFor<T extends { value: string; text: string }>(options: readonly T[], value: string | undefined): string {
  return options.find((option) => option.value === value)?.text ?? ''
}
