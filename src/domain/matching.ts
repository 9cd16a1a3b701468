// How well a person's answers fit each role, with the reasons in plain English. Used by /match,
// by the application's "You might also like" suggestions and by the board's review page (with
// each role as it was when the person applied). Pure: no I/O, so it is tested on its own,
// against a labelled set of personas (tests/unit/matching.test.ts, matching-evaluation.test.ts).
//
// Roles are ranked by evidence of fit: what the person has and what they want.
//
//   Skills     The main signal. Each skill the person has that the role draws on counts by how
//              specific it is among the roles being ranked: 1 for a skill only this role lists,
//              1/n for one that n roles list (inverse document frequency), so HTML/CSS or Event
//              organisation tells more than Communication. Computed from the roles' own lists,
//              so it works for a role it has never seen, and a new role with skills of its own
//              changes nothing for the others. The evidence M becomes a fit from 0 to 1:
//                  skill fit = M / (M + 1.5 + 0.5 * X)
//              where X is the same measure over the role's skills the person has not used yet,
//              counted only for people who say they are experienced (a role they cover more of
//              ranks a little higher). Nobody else is marked down for skills they have not used:
//              for apprentices, trainees, students and early-career people (and anyone who did
//              not say) the fit rests on what they have. With no gaps counted, one skill specific
//              to the role gives 0.4, two 0.57.
//   Interest   Strong evidence: saying they are interested in the role gives 0.55 on its own, in
//              a topic it covers (one of its skills, or a word of its title) 0.35. The pieces are
//              combined as independent evidence, each closing part of the distance left to 1:
//                  fit = 1 - (1 - skill fit)(1 - role interest)(1 - topic interest)
//   Hours      The same for every role, so it sets how good a match is, never the order:
//              yes 45, not sure or not said 40, no 25.
//   NHS        2 points when the person is employed by the NHS (or verified an NHS email address)
//              and the role would ideally suit someone who is. Only a tie-break between roles that are otherwise close: any skill
//              or interest in common is worth at least 5, so it never lifts a role with none
//              above one with some. A preference, never a filter: every role is always returned.
//
//   score = hours + (fit > 0 ? 5 + 48 * fit : 0) + NHS, rounded to a whole number (at most 100).
//   Best first; equal scores keep the roles' given (display) order.
//
// "Good match" (60) and "Very good match" (80) need positive evidence, a skill or an interest in
// common: without either a role scores at most 45 + 2, a "Possible match" worded as a chance to
// learn. When no role has any evidence, nothing distinguishes them and matchOrder says so.
import type { RoleStatus } from './role-definition.ts'

export type HoursAnswer = 'yes' | 'not-sure' | 'no'

/** What matching needs to know about the person. */
export interface MatchProfile {
  hoursAvailable: HoursAnswer | null
  nhsEmployed: boolean | null
  /** Verified an NHS email address with a code (applications only): counts as the NHS preference. */
  nhsEmailVerified?: boolean
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
  /** A skill or an interest in common with the role: the levels above "Possible match" need it. */
  hasEvidence: boolean
  /** Never empty: fits first, then gaps. */
  reasons: MatchReason[]
}

/** Who reads the reasons: the person themselves ("You said ...") or a reviewer ("Said ..."). */
export type Voice = 'applicant' | 'reviewer'

export const WEIGHTS = {
  hours: { yes: 45, notSure: 40, unknown: 40, no: 25 },
  /** What any evidence at all is worth, on top of its share of `fit`: more than the NHS tie-break. */
  evidence: 5,
  fit: 48,
  nhs: 2,
} as const

/** The skill evidence at which the skill fit reaches one half, for someone with no gaps counted. */
const SKILL_EVIDENCE_FOR_HALF = 1.5
/** How much a skill not used yet counts, against a matched one, for people who say they are experienced. */
const MISSING_SKILL_WEIGHT = 0.5
/** A stated interest in the role itself, and in a topic it covers, as evidence from 0 to 1. */
const INTEREST_IN_ROLE = 0.55
const INTEREST_IN_TOPIC = 0.35

/** Career stages told that enthusiasm matters more than experience (the post asks for them). */
export const EARLY_CAREER_STAGES: readonly string[] = ['apprentice', 'trainee', 'student', 'early-career']
/** The one career stage whose gaps count, a little, in the skill fit. */
const EXPERIENCED = 'experienced'

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
  nhsEmailVerified: () => 'NHS email verified',
  skills: (skills: readonly string[]) => `Skills: ${skills.join(', ')}`,
  skillsToLearn: (skills: readonly string[], voice: Voice) =>
    `${voice === 'applicant' ? 'You have not used' : 'Has not used'} ${listOf(skills)} yet: the role is a chance to learn ${skills.length === 1 ? 'it' : 'them'}`,
  earlyCareer: () => 'Early-career applicants, apprentices and trainees are welcome: enthusiasm matters more than experience',
  interestedInRole: (voice: Voice) => (voice === 'applicant' ? 'You said you are interested in this role' : 'Said they are interested in this role'),
  interestedIn: (topics: readonly string[], voice: Voice) =>
    `${voice === 'applicant' ? 'You said you are interested in' : 'Said they are interested in'} ${listOf(topics)}`,
}

/** Each role's skills once, in the role's own spelling and order. */
function skillsOf(role: MatchableRole): string[] {
  return [...new Map(role.skills.map((skill) => [key(skill), skill])).values()]
}

/**
 * How specific each skill is among these roles: 1 / the number of roles that list it. A skill no
 * role lists is not in the map (it cannot be matched).
 */
export function skillSpecificity(roles: readonly MatchableRole[]): Map<string, number> {
  const listedBy = new Map<string, number>()
  for (const role of roles) for (const skill of skillsOf(role)) listedBy.set(key(skill), (listedBy.get(key(skill)) ?? 0) + 1)
  return new Map([...listedBy].map(([skill, count]) => [skill, 1 / count]))
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

function hoursPoints(hours: HoursAnswer | null): number {
  if (hours === 'yes') return WEIGHTS.hours.yes
  if (hours === 'no') return WEIGHTS.hours.no
  return hours === 'not-sure' ? WEIGHTS.hours.notSure : WEIGHTS.hours.unknown
}

function matchOne<R extends MatchableRole>(profile: MatchProfile, role: R, specificity: ReadonlyMap<string, number>, voice: Voice): RoleMatch<R> {
  const fits: string[] = []
  const gaps: string[] = []

  // Hours: the same points for every role.
  if (profile.hoursAvailable === 'yes') fits.push(PHRASES.hoursYes(role))
  else if (profile.hoursAvailable === 'no') gaps.push(PHRASES.hoursNo(role, voice))
  else gaps.push(profile.hoursAvailable === 'not-sure' ? PHRASES.hoursNotSure(role, voice) : PHRASES.hoursUnknown(role, voice))

  // Skills, by how specific each is among the roles.
  const has = new Set(profile.skills.map(key))
  const roleSkills = skillsOf(role)
  const matched = roleSkills.filter((skill) => has.has(key(skill)))
  const missing = roleSkills.filter((skill) => !has.has(key(skill)))
  const weight = (skills: string[]) => skills.reduce((sum, skill) => sum + (specificity.get(key(skill)) ?? 0), 0)
  const missingCounts = profile.careerStage === EXPERIENCED ? MISSING_SKILL_WEIGHT : 0
  const evidence = weight(matched)
  const skillFit = evidence === 0 ? 0 : evidence / (evidence + SKILL_EVIDENCE_FOR_HALF + missingCounts * weight(missing))
  const earlyCareer = profile.careerStage !== null && EARLY_CAREER_STAGES.includes(profile.careerStage)
  if (matched.length > 0) fits.push(PHRASES.skills(matched))
  if (earlyCareer && missing.length > 0) fits.push(PHRASES.earlyCareer())
  if (missing.length > 0) gaps.push(PHRASES.skillsToLearn(missing, voice))

  // NHS employment: a tie-break, never a filter.
  // A verified NHS email meets the preference as saying so does, and never counts twice.
  const nhsPreferenceMet = role.nhsEmploymentPreferred && (profile.nhsEmployed === true || profile.nhsEmailVerified === true)
  if (nhsPreferenceMet) {
    if (profile.nhsEmployed === true) fits.push(PHRASES.nhsPreferred())
    if (profile.nhsEmailVerified === true) fits.push(PHRASES.nhsEmailVerified())
  } else if (role.nhsEmploymentPreferred) gaps.push(PHRASES.nhsPreferredMissing(voice))
  else if (profile.nhsEmployed === false) fits.push(PHRASES.nhsOpen())

  // Interests.
  const interest = interestsIn(role, profile.interests)
  if (interest.role) fits.push(PHRASES.interestedInRole(voice))
  if (interest.topics.length > 0) fits.push(PHRASES.interestedIn(interest.topics, voice))

  // Independent pieces of evidence: each closes part of the distance left to 1.
  const fit = 1 - (1 - skillFit) * (1 - (interest.role ? INTEREST_IN_ROLE : 0)) * (1 - (interest.topics.length > 0 ? INTEREST_IN_TOPIC : 0))
  const hasEvidence = fit > 0

  const score = hoursPoints(profile.hoursAvailable) + (hasEvidence ? WEIGHTS.evidence + WEIGHTS.fit * fit : 0) + (nhsPreferenceMet ? WEIGHTS.nhs : 0)
  const rounded = Math.min(100, Math.max(0, Math.round(score)))
  return {
    role,
    score: rounded,
    level: matchLevel(rounded),
    hasEvidence,
    reasons: [...fits.map((text) => ({ kind: 'fit' as const, text })), ...gaps.map((text) => ({ kind: 'gap' as const, text }))],
  }
}

export interface MatchOptions {
  voice?: Voice
  /**
   * Roles whose skill lists set how specific each skill is, besides the roles being matched
   * (which always count, in the given version). The board's breakdown matches only the chosen
   * roles, but against the open roles as well, so a skill is as specific there as on /match.
   */
  among?: readonly MatchableRole[]
}

/**
 * Every given role, best match first, each exactly once with its score and reasons. Equal scores
 * keep the roles' given order (display order), so the result is deterministic.
 */
export function matchRoles<R extends MatchableRole>(profile: MatchProfile, roles: readonly R[], options: MatchOptions = {}): RoleMatch<R>[] {
  const voice = options.voice ?? 'applicant'
  const others = (options.among ?? []).filter((other) => !roles.some((role) => role.slug === other.slug))
  const specificity = skillSpecificity([...roles, ...others])
  return roles
    .map((role, index) => ({ match: matchOne(profile, role, specificity, voice), index }))
    .sort((a, b) => b.match.score - a.match.score || a.index - b.index)
    .map(({ match }) => match)
}

/**
 * What the order of `matchRoles` rests on, for the page to say so plainly: the fit, or, when no
 * role has a skill or interest in common, nothing (the usual order), or only the NHS preference
 * (roles that would ideally suit someone employed by the NHS first, then the usual order).
 */
export type MatchOrder = 'fit' | 'usual' | 'nhs-preference'

export function matchOrder(profile: MatchProfile, matches: readonly RoleMatch[]): MatchOrder {
  if (matches.some((match) => match.hasEvidence)) return 'fit'
  const preferring = matches.filter((match) => match.role.nhsEmploymentPreferred).length
  return profile.nhsEmployed === true && preferring > 0 && preferring < matches.length ? 'nhs-preference' : 'usual'
}

/**
 * Roles worth suggesting to someone who chose `chosenSlugs`: the others with a skill or interest
 * in common that fit at least as well as their best chosen role, or very well in any case. Best
 * first; empty when there is nothing to suggest. Pass matches made without interests, so the
 * comparison is between like and like.
 */
export function suggestedRoles<R extends MatchableRole>(matches: readonly RoleMatch<R>[], chosenSlugs: readonly string[]): RoleMatch<R>[] {
  const chosen = matches.filter((match) => chosenSlugs.includes(match.role.slug))
  if (chosen.length === 0) return []
  const best = Math.max(...chosen.map((match) => match.score))
  return matches.filter(
    (match) => !chosenSlugs.includes(match.role.slug) && match.hasEvidence && (match.score >= best || match.score >= SUGGESTION_THRESHOLD),
  )
}
