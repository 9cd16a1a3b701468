// How well a person's answers fit each role, with the reasons in plain English. Used by /match,
// by the application's "You might also like" suggestions and by the board's review page. Pure:
// no I/O, so it is tested on its own (tests/unit/matching.test.ts).
//
// The score (0–100) is the sum of four parts:
//
//   hours      30  can give the role's hours: yes 30, not sure (or not said) 15, no 0
//   skills     40  less a share for each of the role's skills the person does not have yet:
//                  the full 40 for someone experienced, half of it (20) for apprentices,
//                  trainees, students and people early in their career, because the post says
//                  enthusiasm matters more than experience. A role that lists no skills gives 40.
//   NHS        15  given to everyone when the role has no NHS preference; when it has one, to
//                  people employed by the NHS. A preference only: it changes the order, and
//                  every role is always returned.
//   interests  15  the person said they are interested in this role (its slug), or in a topic
//                  it covers (one of its skills, or a word of its title).
//
// Each part only looks at its own answer, so adding a skill a role draws on can only raise that
// role's score, and never changes any other role's.
import type { RoleStatus } from './role-definition.ts'

export type HoursAnswer = 'yes' | 'not-sure' | 'no'

/** What matching needs to know about the person. */
export interface MatchProfile {
  hoursAvailable: HoursAnswer | null
  nhsEmployed: boolean | null
  /** A career stage value (apprentice, trainee, student, early-career, experienced, ...). */
  careerStage: string | null
  skills: readonly string[]
  /** Role slugs, or free topics such as "events". */
  interests: readonly string[]
}

/** What matching needs to know about a role: a role definition has all of it. */
export interface MatchableRole {
  slug: string
  title: string
  hoursPerWeek: number
  nhsEmploymentPreferred: boolean
  skills: readonly string[]
  /** Not scored: callers choose which roles to pass (for example only open ones). */
  status?: RoleStatus
}

export type ReasonKind = 'fit' | 'gap'

export interface MatchReason {
  /** A fit is something in the person's favour; a gap is something to know, kindly worded. */
  kind: ReasonKind
  text: string
}

export interface RoleMatch<R extends MatchableRole = MatchableRole> {
  role: R
  /** 0–100, a whole number. */
  score: number
  /** The score in words, e.g. "Good match". */
  level: MatchLevel
  /** Never empty: fits first, then gaps. */
  reasons: MatchReason[]
}

/** Who reads the reasons: the person themselves ("You said ...") or a reviewer ("Said ..."). */
export type Voice = 'applicant' | 'reviewer'

export const WEIGHTS = { hours: 30, skills: 40, nhs: 15, interests: 15 } as const

/** Career stages for whom a missing skill costs half as much. */
export const EARLY_CAREER_STAGES: readonly string[] = ['apprentice', 'trainee', 'student', 'early-career']
const EARLY_CAREER_SKILL_DISCOUNT = 0.5

export interface MatchLevel {
  text: string
  /** An nhsuk-tag colour. */
  colour: 'green' | 'aqua-green' | 'blue' | 'grey'
}

/** The score in words, highest band first. */
export const MATCH_LEVELS: readonly (MatchLevel & { from: number })[] = [
  { from: 80, text: 'Very good match', colour: 'green' },
  { from: 60, text: 'Good match', colour: 'aqua-green' },
  { from: 40, text: 'Possible match', colour: 'blue' },
  { from: 0, text: 'Less of a match', colour: 'grey' },
]

export function matchLevel(score: number): MatchLevel {
  const band = MATCH_LEVELS.find((level) => score >= level.from) ?? MATCH_LEVELS.at(-1)!
  return { text: band.text, colour: band.colour }
}

/** A role that is not chosen is suggested when it fits at least this well, whatever was chosen. */
export const SUGGESTION_THRESHOLD = 80

const key = (text: string) => text.trim().toLowerCase()

/** "A", "A and B", "A, B and C". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

function hoursText(role: MatchableRole): string {
  return `${role.hoursPerWeek} ${role.hoursPerWeek === 1 ? 'hour' : 'hours'} a week`
}

/** The phrases, in both voices. Reasons never include anything the person typed. */
const PHRASES = {
  hoursYes: (role: MatchableRole) => `Meets the ~${hoursText(role)}`,
  hoursNotSure: (role: MatchableRole, voice: Voice) =>
    voice === 'applicant'
      ? `You are not sure yet about ~${hoursText(role)}: the time can be flexible, so it is worth asking`
      : `Not sure yet about giving ~${hoursText(role)}`,
  hoursNo: (role: MatchableRole, voice: Voice) =>
    voice === 'applicant'
      ? `The role needs about ${hoursText(role)}, which you said may be hard at the moment`
      : `Said they may not be able to give ~${hoursText(role)} at the moment`,
  hoursUnknown: (role: MatchableRole, voice: Voice) =>
    voice === 'applicant' ? `The role needs about ${hoursText(role)}` : `Did not say whether they can give ~${hoursText(role)}`,
  nhsPreferred: () => 'Employed by the NHS (preferred for this role)',
  nhsPreferredMissing: (voice: Voice) =>
    voice === 'applicant'
      ? 'This role would ideally suit someone employed by the NHS, but you can still apply'
      : 'This role would ideally suit someone employed by the NHS (a preference, not a requirement)',
  nhsOpen: () => 'Suits people whether or not they work for the NHS',
  skills: (skills: readonly string[]) => `Skills: ${skills.join(', ')}`,
  skillsToLearn: (skills: readonly string[], voice: Voice) =>
    `${voice === 'applicant' ? 'You have not used' : 'Has not used'} ${listOf(skills)} yet: the role is a chance to learn ${skills.length === 1 ? 'it' : 'them'}`,
  earlyCareer: () => 'Early-career applicants, apprentices and trainees are welcome: enthusiasm matters more than experience',
  interestedInRole: (voice: Voice) => (voice === 'applicant' ? 'You said you are interested in this role' : 'Said they are interested in this role'),
  interestedIn: (topics: readonly string[], voice: Voice) =>
    `${voice === 'applicant' ? 'You said you are interested in' : 'Said they are interested in'} ${listOf(topics)}`,
}

/**
 * The person's interests this role covers: its slug, or topics (one of its skills, in the role's
 * spelling, or a word of its title), in the role's order so the wording does not depend on theirs.
 */
function interestsIn(role: MatchableRole, interests: readonly string[]): { role: boolean; topics: string[] } {
  const said = new Set(interests.map(key))
  const terms = new Map<string, string>()
  for (const skill of role.skills) if (!terms.has(key(skill))) terms.set(key(skill), skill)
  for (const word of [...role.title.split(/\s+/), ...role.slug.split('-')]) if (!terms.has(key(word))) terms.set(key(word), key(word))
  terms.delete(key(role.slug))
  terms.delete('')
  return { role: said.has(key(role.slug)), topics: [...terms].filter(([term]) => said.has(term)).map(([, topic]) => topic) }
}

function matchOne<R extends MatchableRole>(profile: MatchProfile, role: R, voice: Voice): RoleMatch<R> {
  const fits: string[] = []
  const gaps: string[] = []
  let score = 0

  // Hours.
  if (profile.hoursAvailable === 'yes') {
    score += WEIGHTS.hours
    fits.push(PHRASES.hoursYes(role))
  } else if (profile.hoursAvailable === 'no') {
    gaps.push(PHRASES.hoursNo(role, voice))
  } else {
    score += WEIGHTS.hours / 2
    gaps.push(profile.hoursAvailable === 'not-sure' ? PHRASES.hoursNotSure(role, voice) : PHRASES.hoursUnknown(role, voice))
  }

  // Skills: the role's own spelling, in the role's order.
  const has = new Set(profile.skills.map(key))
  const roleSkills = [...new Map(role.skills.map((skill) => [key(skill), skill])).values()]
  const matched = roleSkills.filter((skill) => has.has(key(skill)))
  const missing = roleSkills.filter((skill) => !has.has(key(skill)))
  const earlyCareer = profile.careerStage !== null && EARLY_CAREER_STAGES.includes(profile.careerStage)
  const missingShare = roleSkills.length === 0 ? 0 : missing.length / roleSkills.length
  score += WEIGHTS.skills * (1 - missingShare * (earlyCareer ? EARLY_CAREER_SKILL_DISCOUNT : 1))
  if (matched.length > 0) fits.push(PHRASES.skills(matched))
  if (missing.length > 0) gaps.push(PHRASES.skillsToLearn(missing, voice))
  if (earlyCareer && missing.length > 0) fits.push(PHRASES.earlyCareer())

  // NHS employment: a preference, never a filter.
  if (!role.nhsEmploymentPreferred) {
    score += WEIGHTS.nhs
    if (profile.nhsEmployed === false) fits.push(PHRASES.nhsOpen())
  } else if (profile.nhsEmployed === true) {
    score += WEIGHTS.nhs
    fits.push(PHRASES.nhsPreferred())
  } else {
    gaps.push(PHRASES.nhsPreferredMissing(voice))
  }

  // Interests.
  const interest = interestsIn(role, profile.interests)
  if (interest.role || interest.topics.length > 0) score += WEIGHTS.interests
  if (interest.role) fits.push(PHRASES.interestedInRole(voice))
  if (interest.topics.length > 0) fits.push(PHRASES.interestedIn(interest.topics, voice))

  const rounded = Math.min(100, Math.max(0, Math.round(score)))
  return {
    role,
    score: rounded,
    level: matchLevel(rounded),
    reasons: [...fits.map((text) => ({ kind: 'fit' as const, text })), ...gaps.map((text) => ({ kind: 'gap' as const, text }))],
  }
}

/**
 * Every given role, best match first, each exactly once with its score and reasons. Equal scores
 * keep the roles' given order (display order), so the result is deterministic.
 */
export function matchRoles<R extends MatchableRole>(profile: MatchProfile, roles: readonly R[], options: { voice?: Voice } = {}): RoleMatch<R>[] {
  const voice = options.voice ?? 'applicant'
  return roles
    .map((role, index) => ({ match: matchOne(profile, role, voice), index }))
    .sort((a, b) => b.match.score - a.match.score || a.index - b.index)
    .map(({ match }) => match)
}

/**
 * Roles worth suggesting to someone who chose `chosenSlugs`: the others that fit at least as well
 * as their best chosen role, or very well in any case. Best first; empty when there is nothing to
 * suggest. Pass matches made without interests, so the comparison is between like and like.
 */
export function suggestedRoles<R extends MatchableRole>(matches: readonly RoleMatch<R>[], chosenSlugs: readonly string[]): RoleMatch<R>[] {
  const chosen = matches.filter((match) => chosenSlugs.includes(match.role.slug))
  if (chosen.length === 0) return []
  const best = Math.max(...chosen.map((match) => match.score))
  return matches.filter((match) => !chosenSlugs.includes(match.role.slug) && (match.score >= best || match.score >= SUGGESTION_THRESHOLD))
}
