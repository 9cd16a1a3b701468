import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  EARLY_CAREER_STAGES,
  matchLevel,
  matchOrder,
  matchRoles,
  skillSpecificity,
  suggestedRoles,
  SUGGESTION_THRESHOLD,
  WEIGHTS,
  type HoursAnswer,
  type MatchableRole,
  type MatchProfile,
  type RoleMatch,
} from '../../src/domain/matching.ts'
import { CAREER_STAGES } from '../../src/domain/application-answers.ts'
import { roleSeeds } from '../../seeds/roles.ts'

const ROLES: MatchableRole[] = roleSeeds.map(({ slug, title, hoursPerWeek, nhsEmploymentPreferred, skills }) => ({
  slug,
  title,
  hoursPerWeek,
  nhsEmploymentPreferred,
  skills,
  status: 'open' as const,
}))

const PROFILE: MatchProfile = { hoursAvailable: 'yes', nhsEmployed: true, careerStage: 'experienced', skills: [], interests: [] }

function profile(overrides: Partial<MatchProfile> = {}): MatchProfile {
  return { ...PROFILE, ...overrides }
}

function bySlug(matches: RoleMatch[], slug: string): RoleMatch {
  const match = matches.find((candidate) => candidate.role.slug === slug)
  assert.ok(match, `a match for ${slug}`)
  return match
}

const texts = (match: RoleMatch, kind: 'fit' | 'gap') => match.reasons.filter((reason) => reason.kind === kind).map((reason) => reason.text)
const slugs = (matches: RoleMatch[]) => matches.map((match) => match.role.slug)
const NOT_NHS = { nhsEmployed: false } as const

// Answers a new applicant might give at /match, where the role with nothing in common (or only no
// NHS preference) must not come first.
describe('matchRoles: ranks by evidence of fit', () => {
  it('HTML/CSS and GitHub, early career, not employed by the NHS: web developer first, and the only good match', () => {
    const matches = matchRoles(profile({ ...NOT_NHS, careerStage: 'early-career', skills: ['HTML/CSS', 'GitHub'] }), ROLES)
    assert.equal(matches[0]!.role.slug, 'web-developer')
    assert.equal(matches[0]!.level.text, 'Good match')
    for (const match of matches.slice(1)) assert.equal(match.level.text, 'Possible match', match.role.slug)
  })

  it('any one skill, not employed by the NHS: the role that draws on it first, not the one without an NHS preference', () => {
    for (const [skill, first] of [['Python', 'web-developer'], ['Accessibility', 'web-developer'], ['Event organisation', 'events-manager'], ['Leadership', 'community-manager']]) {
      assert.equal(matchRoles(profile({ ...NOT_NHS, skills: [skill!] }), ROLES)[0]!.role.slug, first, skill)
    }
  })

  it('interested in the web developer role, no skills yet, not employed by the NHS: web developer first', () => {
    const matches = matchRoles(profile({ ...NOT_NHS, careerStage: 'student', interests: ['web-developer'] }), ROLES)
    assert.equal(matches[0]!.role.slug, 'web-developer')
    assert.ok(matches[0]!.score > matches[1]!.score, 'not a tie broken by display order')
  })

  it('HTML/CSS and GitHub, employed by the NHS: only the web developer is a good match', () => {
    const matches = matchRoles(profile({ skills: ['HTML/CSS', 'GitHub'] }), ROLES)
    assert.deepEqual(
      matches.map((match) => [match.role.slug, match.level.text]),
      [
        ['web-developer', 'Good match'],
        ['community-manager', 'Possible match'],
        ['events-manager', 'Possible match'],
        ['content-manager', 'Possible match'],
      ],
    )
  })
})

describe('matchRoles: examples', () => {
  it('explains a good fit in plain English', () => {
    const matches = matchRoles(profile({ skills: ['HTML/CSS', 'GitHub'] }), ROLES)
    const web = bySlug(matches, 'web-developer')
    assert.deepEqual(texts(web, 'fit'), ['Meets the ~2 hours a week', 'Skills: HTML/CSS, GitHub', 'Employed by the NHS (preferred for this role)'])
    assert.deepEqual(texts(web, 'gap'), ['You have not used Python, Accessibility and Writing and editing yet: the role is a chance to learn them'])
    assert.equal(matches[0]!.role.slug, 'web-developer', 'the role drawing on their skills comes first')
  })

  it('words what is missing kindly', () => {
    const matches = matchRoles(profile({ nhsEmployed: false, hoursAvailable: 'not-sure', skills: ['Python'] }), ROLES)
    const web = bySlug(matches, 'web-developer')
    assert.ok(texts(web, 'gap').includes('This role would ideally suit someone employed by the NHS, but you can still apply'))
    assert.ok(texts(web, 'gap').includes('You have not used HTML/CSS, GitHub, Accessibility and Writing and editing yet: the role is a chance to learn them'))
    assert.match(texts(web, 'gap')[0]!, /not sure yet about ~2 hours a week: the time can be flexible/)
    const content = bySlug(matches, 'content-manager')
    assert.ok(texts(content, 'fit').includes('Suits people whether or not they work for the NHS'))
    const single = bySlug(matchRoles(profile({ skills: ['HTML/CSS', 'Python', 'Accessibility', 'Writing and editing'] }), ROLES), 'web-developer')
    assert.ok(texts(single, 'gap').includes('You have not used GitHub yet: the role is a chance to learn it'))
  })

  it('says when someone is interested in a role, or in a topic a role covers', () => {
    const matches = matchRoles(profile({ interests: ['events', 'content-manager'] }), ROLES)
    assert.ok(texts(bySlug(matches, 'events-manager'), 'fit').includes('You said you are interested in events'))
    assert.ok(texts(bySlug(matches, 'content-manager'), 'fit').includes('You said you are interested in this role'))
    assert.ok(!bySlug(matches, 'web-developer').reasons.some((reason) => /interested/.test(reason.text)))
    assert.ok(bySlug(matches, 'events-manager').score > bySlug(matches, 'community-manager').score)
  })

  it('NHS employment breaks ties, never changes the roles, and is worth less than any evidence', () => {
    const nhs = matchRoles(profile({ nhsEmployed: true }), ROLES)
    const notNhs = matchRoles(profile({ nhsEmployed: false }), ROLES)
    // With nothing else to tell them apart, the roles that prefer NHS employment come first for
    // someone employed by the NHS; for anyone else the display order stands.
    assert.deepEqual(slugs(nhs), ['community-manager', 'events-manager', 'web-developer', 'content-manager'])
    assert.deepEqual(slugs(notNhs), ['community-manager', 'content-manager', 'events-manager', 'web-developer'])
    assert.equal(bySlug(nhs, 'content-manager').score, bySlug(notNhs, 'content-manager').score)
    assert.equal(bySlug(nhs, 'web-developer').score - bySlug(notNhs, 'web-developer').score, WEIGHTS.nhs)
    // One skill in common outranks the preference; between roles the same skill points to, the
    // preference decides.
    const social = matchRoles(profile({ nhsEmployed: true, skills: ['Social media'] }), ROLES)
    assert.equal(social[0]!.role.slug, 'content-manager')
    const communication = matchRoles(profile({ nhsEmployed: true, skills: ['Communication'] }), ROLES)
    assert.deepEqual(slugs(communication), ['events-manager', 'community-manager', 'content-manager', 'web-developer'])
  })

  it('weighs a skill by how specific it is among the roles', () => {
    const specificity = skillSpecificity(ROLES)
    assert.equal(specificity.get('html/css'), 1, 'only the web developer lists it')
    assert.equal(specificity.get('planning'), 1 / 2)
    assert.equal(specificity.get('communication'), 1 / 3)
    assert.equal(specificity.has('juggling'), false)
    // Communication (three roles) and Social media (one) both belong to the content manager.
    const broad = bySlug(matchRoles(profile({ skills: ['Communication'] }), ROLES), 'content-manager')
    const specific = bySlug(matchRoles(profile({ skills: ['Social media'] }), ROLES), 'content-manager')
    assert.ok(specific.score > broad.score, `${specific.score} > ${broad.score}`)
    // A role it has never seen: its own skills are as specific as any.
    const treasurer: MatchableRole = { slug: 'treasurer', title: 'Treasurer', hoursPerWeek: 1, nhsEmploymentPreferred: false, skills: ['Bookkeeping', 'Communication'] }
    assert.equal(skillSpecificity([...ROLES, treasurer]).get('bookkeeping'), 1)
    assert.equal(matchRoles(profile({ skills: ['Bookkeeping'] }), [...ROLES, treasurer])[0]!.role.slug, 'treasurer')
  })

  it('measures specificity among other roles too when asked (the board’s breakdown of the chosen roles)', () => {
    const web = ROLES.find((role) => role.slug === 'web-developer')!
    const person = profile({ skills: ['Writing and editing'] })
    const alone = bySlug(matchRoles(person, [web]), 'web-developer')
    const amongAll = bySlug(matchRoles(person, [web], { among: ROLES }), 'web-developer')
    assert.equal(amongAll.score, bySlug(matchRoles(person, ROLES), 'web-developer').score, 'as on /match')
    assert.ok(alone.score > amongAll.score, 'on its own every skill of the role is specific to it')
    // The role being matched counts in the version given, not the version in `among`.
    const edited = { ...web, skills: ['Writing and editing'] }
    assert.equal(bySlug(matchRoles(person, [edited], { among: ROLES }), 'web-developer').role, edited)
  })

  it('says what the order rests on: the fit, the NHS preference alone, or nothing', () => {
    const order = (overrides: Partial<MatchProfile>) => {
      const person = profile(overrides)
      return matchOrder(person, matchRoles(person, ROLES))
    }
    assert.equal(order({ skills: ['GitHub'] }), 'fit')
    assert.equal(order({ interests: ['content-manager'] }), 'fit')
    assert.equal(order({ nhsEmployed: true }), 'nhs-preference')
    assert.equal(order({ nhsEmployed: false }), 'usual')
    assert.equal(order({ nhsEmployed: null }), 'usual')
    assert.equal(order({ nhsEmployed: false, skills: ['Juggling'], interests: ['gardening'] }), 'usual', 'nothing in common with any role')
    const preferring = ROLES.filter((role) => role.nhsEmploymentPreferred)
    assert.equal(matchOrder(profile({ nhsEmployed: true }), matchRoles(profile({ nhsEmployed: true }), preferring)), 'usual', 'every role prefers it')
  })

  it('gives "Good match" only for a skill or interest in common; otherwise at most "Possible match"', () => {
    for (const hoursAvailable of HOURS) {
      for (const match of matchRoles(profile({ hoursAvailable, nhsEmployed: true, skills: [], interests: [] }), ROLES)) {
        assert.equal(match.hasEvidence, false)
        assert.ok(match.score < 60, `${hoursAvailable}: ${match.role.slug} ${match.score}`)
      }
    }
    const interested = bySlug(matchRoles(profile({ interests: ['events-manager'] }), ROLES), 'events-manager')
    assert.ok(interested.hasEvidence)
    assert.equal(interested.level.text, 'Good match')
    const skilled = bySlug(matchRoles(profile({ skills: ['Event organisation', 'Planning', 'Public speaking'], interests: ['events-manager'] }), ROLES), 'events-manager')
    assert.equal(skilled.level.text, 'Very good match')
  })

  it('skills not used yet never count against apprentices, trainees, students and early-career people', () => {
    const skills = ['Communication']
    const experienced = bySlug(matchRoles(profile({ skills, careerStage: 'experienced' }), ROLES), 'content-manager')
    for (const stage of EARLY_CAREER_STAGES) {
      const early = bySlug(matchRoles(profile({ skills, careerStage: stage }), ROLES), 'content-manager')
      assert.ok(early.score > experienced.score, `${stage}: ${early.score} > ${experienced.score}`)
      assert.ok(texts(early, 'fit').some((text) => /enthusiasm matters more than experience/.test(text)))
      // The same skill in common with a role that lists two more they have not used: the same fit.
      const longer = ROLES.map((role) => (role.slug === 'content-manager' ? { ...role, skills: [...role.skills, 'Proofreading', 'Photography'] } : role))
      assert.equal(bySlug(matchRoles(profile({ skills, careerStage: stage }), longer), 'content-manager').score, early.score)
    }
    // Nothing missing: nothing to discount.
    const all = ['Writing and editing', 'Social media', 'Communication', 'Content curation']
    assert.equal(
      bySlug(matchRoles(profile({ skills: all, careerStage: 'apprentice' }), ROLES), 'content-manager').score,
      bySlug(matchRoles(profile({ skills: all, careerStage: 'experienced' }), ROLES), 'content-manager').score,
    )
  })

  it('calls a perfect fit a very good match, with nothing left to know', () => {
    const web = ROLES.find((role) => role.slug === 'web-developer')!
    const [match] = matchRoles(profile({ skills: [...web.skills], interests: ['web-developer'] }), [web])
    assert.ok(match!.score >= 90 && match!.score <= 100, String(match!.score))
    assert.equal(match!.level.text, 'Very good match')
    assert.deepEqual(texts(match!, 'gap'), [])
  })

  it('puts the score in words', () => {
    assert.equal(matchLevel(100).text, 'Very good match')
    assert.equal(matchLevel(80).text, 'Very good match')
    assert.equal(matchLevel(79).text, 'Good match')
    assert.equal(matchLevel(60).text, 'Good match')
    assert.equal(matchLevel(59).text, 'Possible match')
    assert.equal(matchLevel(40).text, 'Possible match')
    assert.equal(matchLevel(39).text, 'Less of a match')
    assert.equal(matchLevel(0).text, 'Less of a match')
  })

  it('matches skills whatever their case and spacing, in the role’s own spelling', () => {
    const web = bySlug(matchRoles(profile({ skills: [' github ', 'html/css'] }), ROLES), 'web-developer')
    assert.ok(texts(web, 'fit').includes('Skills: HTML/CSS, GitHub'))
  })

  it('handles an empty profile and a role with no skills or other hours', () => {
    const odd: MatchableRole = { slug: 'treasurer', title: 'Treasurer', hoursPerWeek: 1, nhsEmploymentPreferred: false, skills: [] }
    const [match] = matchRoles({ hoursAvailable: null, nhsEmployed: null, careerStage: null, skills: [], interests: [] }, [odd])
    assert.equal(match!.score, WEIGHTS.hours.unknown)
    assert.equal(match!.level.text, 'Possible match')
    assert.deepEqual(texts(match!, 'gap'), ['The role needs about 1 hour a week'])
    assert.deepEqual(matchRoles(PROFILE, []), [])
  })

  it('speaks of the applicant in the third person for reviewers', () => {
    const matches = matchRoles(profile({ nhsEmployed: false, hoursAvailable: 'no', interests: ['web-developer'] }), ROLES, { voice: 'reviewer' })
    for (const match of matches) {
      for (const reason of match.reasons) assert.doesNotMatch(reason.text, /\byou\b/i, reason.text)
    }
    assert.ok(texts(bySlug(matches, 'web-developer'), 'fit').includes('Said they are interested in this role'))
  })
})

describe('suggestedRoles', () => {
  const noInterests = (overrides: Partial<MatchProfile>) => matchRoles(profile({ ...overrides, interests: [] }), ROLES)

  it('suggests other roles with a skill in common that fit at least as well as the best chosen one', () => {
    // Communication: the content manager, community manager and events manager all list it, and
    // the last two would ideally suit someone employed by the NHS, as this person is.
    const matches = noInterests({ careerStage: 'apprentice', skills: ['Communication'] })
    const suggested = suggestedRoles(matches, ['content-manager'])
    assert.deepEqual(slugs(suggested), ['community-manager', 'events-manager'])
    for (const match of suggested) assert.ok(match.score >= bySlug(matches, 'content-manager').score)
    assert.deepEqual(slugs(suggestedRoles(noInterests({ careerStage: 'apprentice', skills: ['Social media'] }), ['content-manager'])), [])
  })

  it('suggests a role that fits very well even when a chosen one fits better', () => {
    const web = ROLES.find((role) => role.slug === 'web-developer')!
    const matches = noInterests({ skills: [...web.skills, 'Leadership', 'Stakeholder relationships', 'Planning'], careerStage: 'apprentice' })
    const suggested = suggestedRoles(matches, ['web-developer'])
    assert.ok(bySlug(matches, 'web-developer').score > bySlug(matches, 'community-manager').score)
    assert.ok(bySlug(matches, 'community-manager').score >= SUGGESTION_THRESHOLD)
    assert.deepEqual(slugs(suggested), ['community-manager'])
  })

  it('never suggests a role with nothing in common, however the NHS preference falls', () => {
    const matches = noInterests({ careerStage: 'apprentice', skills: [] })
    assert.deepEqual(suggestedRoles(matches, ['content-manager']), [])
  })

  it('suggests nothing when the chosen roles fit best, or none were chosen', () => {
    const matches = noInterests({ skills: ['HTML/CSS', 'GitHub'], careerStage: 'apprentice' })
    assert.deepEqual(suggestedRoles(matches, ['web-developer', 'content-manager']), [])
    assert.deepEqual(suggestedRoles(matches, []), [])
  })
})

// ---------------------------------------------------------------------------------------------
// Properties, checked over many generated profiles and role lists. A tiny seeded generator keeps
// every run the same; a failure prints the seed and the case.

/** mulberry32: a small, fast, seeded pseudo-random generator. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SKILL_POOL = [...new Set([...ROLES.flatMap((role) => role.skills), 'Juggling', 'Data visualisation', 'SQL'])]
const INTEREST_POOL = [...ROLES.map((role) => role.slug), 'events', 'content', 'manager', 'github', 'gardening', 'Web']
const HOURS: (HoursAnswer | null)[] = ['yes', 'not-sure', 'no', null]
const STAGES: (string | null)[] = [...CAREER_STAGES.map((stage) => stage.value), null]

function generator(seed: number) {
  const next = random(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  const some = <T>(items: readonly T[], chance: number): T[] => items.filter(() => next() < chance)
  return {
    profile(): MatchProfile {
      return {
        hoursAvailable: pick(HOURS),
        nhsEmployed: pick([true, false, null]),
        careerStage: pick(STAGES),
        skills: some(SKILL_POOL, next()),
        interests: some(INTEREST_POOL, next() * 0.5),
      }
    },
    roles(): MatchableRole[] {
      const extra = Array.from({ length: Math.floor(next() * 4) }, (_, i) => ({
        slug: `role-${i}`,
        title: `Role ${i}`,
        hoursPerWeek: 1 + Math.floor(next() * 4),
        nhsEmploymentPreferred: next() < 0.5,
        skills: some(SKILL_POOL, next() * 0.6),
      }))
      return [...some(ROLES, 0.8), ...extra]
    },
  }
}

const CASES = 400

function forEachCase(check: (profile: MatchProfile, roles: MatchableRole[], seed: number) => void) {
  for (let seed = 1; seed <= CASES; seed += 1) {
    const gen = generator(seed)
    const roles = gen.roles()
    const person = gen.profile()
    try {
      check(person, roles, seed)
    } catch (error) {
      throw new Error(`seed ${seed}: ${JSON.stringify({ person, roles: roles.map((r) => r.slug) })}\n${(error as Error).message}`, { cause: error })
    }
  }
}

const scores = (matches: RoleMatch[]) => Object.fromEntries(matches.map((match) => [match.role.slug, match.score]))

describe('matchRoles: properties over generated profiles', () => {
  it('returns every given role exactly once', () => {
    forEachCase((person, roles) => {
      const matches = matchRoles(person, roles)
      assert.equal(matches.length, roles.length)
      assert.deepEqual(matches.map((m) => m.role.slug).sort(), roles.map((r) => r.slug).sort())
      for (const match of matches) assert.ok(roles.includes(match.role), 'the given role object itself')
    })
  })

  it('gives whole-number scores from 0 to 100 with words, and never empty reasons', () => {
    forEachCase((person, roles) => {
      for (const match of matchRoles(person, roles)) {
        assert.ok(Number.isInteger(match.score) && match.score >= 0 && match.score <= 100, String(match.score))
        assert.equal(match.level.text, matchLevel(match.score).text)
        assert.ok(match.reasons.length > 0, `reasons for ${match.role.slug}`)
        for (const reason of match.reasons) assert.ok(reason.text.trim().length > 0)
      }
    })
  })

  it('ranks best first, and equal scores in the roles’ given order', () => {
    forEachCase((person, roles) => {
      const matches = matchRoles(person, roles)
      for (let i = 1; i < matches.length; i += 1) {
        const [before, after] = [matches[i - 1]!, matches[i]!]
        assert.ok(before.score >= after.score, 'descending')
        if (before.score === after.score) assert.ok(roles.indexOf(before.role) < roles.indexOf(after.role), 'ties in given order')
      }
    })
  })

  it('adding a skill never lowers a score, changes only the roles that list it, and never moves them behind one that does not', () => {
    forEachCase((person, roles) => {
      const before = matchRoles(person, roles)
      const missing = [...new Set(roles.flatMap((role) => role.skills))].filter((skill) => !person.skills.includes(skill))
      for (const skill of missing) {
        const after = matchRoles({ ...person, skills: [...person.skills, skill] }, roles)
        const [was, now] = [scores(before), scores(after)]
        for (const role of roles) {
          const lists = role.skills.includes(skill)
          assert.ok(now[role.slug]! >= was[role.slug]!, `adding ${skill}: ${role.slug} ${was[role.slug]} -> ${now[role.slug]}`)
          if (!lists) assert.equal(now[role.slug], was[role.slug], `adding ${skill} leaves ${role.slug} alone`)
          // A first skill in common is evidence: worth more than the NHS tie-break. (Later ones
          // always add to the fit, sometimes by less than the rounding.)
          if (lists && !bySlug(before, role.slug).hasEvidence) assert.ok(now[role.slug]! > was[role.slug]! + WEIGHTS.nhs, `adding ${skill} raises ${role.slug}`)
        }
        // A role that lists it stays ahead of every role that does not and was behind it.
        const rank = (matches: RoleMatch[], role: MatchableRole) => matches.findIndex((match) => match.role === role)
        for (const role of roles.filter((r) => r.skills.includes(skill))) {
          for (const other of roles.filter((r) => !r.skills.includes(skill) && rank(before, r) > rank(before, role))) {
            assert.ok(rank(after, other) > rank(after, role), `adding ${skill} keeps ${role.slug} ahead of ${other.slug}`)
          }
        }
      }
    })
  })


  it('NHS employment is a preference: it never removes a role, and moves only roles that prefer it', () => {
    forEachCase((person, roles) => {
      const answers = [true, false, null].map((nhsEmployed) => matchRoles({ ...person, nhsEmployed }, roles))
      for (const matches of answers) assert.deepEqual(matches.map((m) => m.role.slug).sort(), roles.map((r) => r.slug).sort())
      const [nhs, notNhs, unknown] = answers.map(scores)
      for (const role of roles) {
        if (!role.nhsEmploymentPreferred) assert.equal(nhs![role.slug], notNhs![role.slug])
        else assert.ok(nhs![role.slug]! >= notNhs![role.slug]! && notNhs![role.slug] === unknown![role.slug])
      }
    })
  })

  it('never scores an early-career applicant below an experienced one with the same answers', () => {
    forEachCase((person, roles) => {
      const experienced = scores(matchRoles({ ...person, careerStage: 'experienced' }, roles))
      for (const stage of EARLY_CAREER_STAGES) {
        const early = scores(matchRoles({ ...person, careerStage: stage }, roles))
        for (const role of roles) assert.ok(early[role.slug]! >= experienced[role.slug]!)
      }
    })
  })

  it('for early-career people, skills they have not used yet never change any score', () => {
    forEachCase((person, roles, seed) => {
      if (roles.length === 0) return
      // A skill only this role lists, which the person does not have: nothing else changes.
      const target = roles[seed % roles.length]!
      const longer = roles.map((role) => (role === target ? { ...role, skills: [...role.skills, 'Unicycling'] } : role))
      for (const stage of EARLY_CAREER_STAGES) {
        const early = { ...person, careerStage: stage }
        assert.deepEqual(scores(matchRoles(early, longer)), scores(matchRoles(early, roles)), stage)
      }
    })
  })

  it('a role with no skill or interest in common never ranks above one with some, whatever the NHS answer', () => {
    forEachCase((person, roles) => {
      for (const nhsEmployed of [true, false, null]) {
        const matches = matchRoles({ ...person, nhsEmployed }, roles)
        const firstWithout = matches.findIndex((match) => !match.hasEvidence)
        if (firstWithout >= 0) assert.ok(matches.slice(firstWithout).every((match) => !match.hasEvidence), `${nhsEmployed}: ${slugs(matches)}`)
      }
    })
  })

  it('"Good match" and above only with a skill or interest in common', () => {
    forEachCase((person, roles) => {
      for (const match of matchRoles(person, roles)) {
        if (!match.hasEvidence) assert.ok(['Possible match', 'Less of a match'].includes(match.level.text), `${match.role.slug}: ${match.level.text}`)
        const common = match.role.skills.some((skill) => person.skills.includes(skill)) || person.interests.includes(match.role.slug)
        if (common) assert.ok(match.hasEvidence, match.role.slug)
      }
    })
  })

  it('the hours answer applies to every role alike: it changes how good a match is, never the order', () => {
    forEachCase((person, roles) => {
      const orders = HOURS.map((hoursAvailable) => slugs(matchRoles({ ...person, hoursAvailable }, roles)))
      for (const order of orders) assert.deepEqual(order, orders[0])
    })
  })

  it('adding a role with skills of its own changes nothing for the other roles, for a person with none of them', () => {
    forEachCase((person, roles, seed) => {
      const newcomer: MatchableRole = { slug: 'newcomer', title: 'Newcomer', hoursPerWeek: 3, nhsEmploymentPreferred: seed % 2 === 0, skills: ['Unicycling', 'Bookbinding'] }
      const before = matchRoles(person, roles)
      for (const at of [0, roles.length]) {
        const after = matchRoles(person, [...roles.slice(0, at), newcomer, ...roles.slice(at)])
        const others = after.filter((match) => match.role !== newcomer)
        assert.deepEqual(slugs(others), slugs(before), 'the same order')
        assert.deepEqual(scores(others), scores(before), 'the same scores')
      }
    })
  })

  it('saying you are interested in something never lowers a score', () => {
    forEachCase((person, roles, seed) => {
      const before = scores(matchRoles(person, roles))
      const interest = INTEREST_POOL[seed % INTEREST_POOL.length]!
      const after = scores(matchRoles({ ...person, interests: [...person.interests, interest] }, roles))
      for (const role of roles) assert.ok(after[role.slug]! >= before[role.slug]!)
    })
  })

  it('is deterministic: the same answers give the same result, whatever order the skills come in', () => {
    forEachCase((person, roles) => {
      const first = matchRoles(person, roles)
      assert.deepEqual(matchRoles(person, roles), first)
      assert.deepEqual(matchRoles({ ...person, skills: [...person.skills].reverse(), interests: [...person.interests].reverse() }, roles), first)
      assert.deepEqual(scores(matchRoles(person, [...roles].reverse())), scores(first))
    })
  })

  it('does not change its inputs', () => {
    forEachCase((person, roles) => {
      const copy = structuredClone({ person, roles })
      matchRoles(person, roles)
      assert.deepEqual({ person, roles }, copy)
    })
  })
})
