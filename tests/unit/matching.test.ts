import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  EARLY_CAREER_STAGES,
  matchLevel,
  matchRoles,
  suggestedRoles,
  SUGGESTION_THRESHOLD,
  type HoursAnswer,
  type MatchableRole,
  type MatchProfile,
  type RoleMatch,
} from '../../src/domain/matching.ts'
import { CAREER_STAGES } from '../../src/forms/apply/answers.ts'
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

  it('NHS employment changes the order, never the roles', () => {
    const nhs = matchRoles(profile({ nhsEmployed: true }), ROLES)
    const notNhs = matchRoles(profile({ nhsEmployed: false }), ROLES)
    // With nothing else to tell them apart the display order stands; without NHS employment, the
    // one role with no NHS preference comes first.
    assert.deepEqual(nhs.map((m) => m.role.slug), ['community-manager', 'content-manager', 'events-manager', 'web-developer'])
    assert.deepEqual(notNhs.map((m) => m.role.slug), ['content-manager', 'community-manager', 'events-manager', 'web-developer'])
    assert.equal(bySlug(nhs, 'content-manager').score, bySlug(notNhs, 'content-manager').score)
  })

  it('missing skills weigh less for apprentices, trainees, students and early-career people', () => {
    const skills = ['Communication']
    const experienced = bySlug(matchRoles(profile({ skills, careerStage: 'experienced' }), ROLES), 'content-manager')
    for (const stage of EARLY_CAREER_STAGES) {
      const early = bySlug(matchRoles(profile({ skills, careerStage: stage }), ROLES), 'content-manager')
      assert.ok(early.score > experienced.score, `${stage}: ${early.score} > ${experienced.score}`)
      assert.ok(texts(early, 'fit').some((text) => /enthusiasm matters more than experience/.test(text)))
    }
    // Nothing missing: nothing to discount.
    const all = ['Writing and editing', 'Social media', 'Communication', 'Content curation']
    assert.equal(
      bySlug(matchRoles(profile({ skills: all, careerStage: 'apprentice' }), ROLES), 'content-manager').score,
      bySlug(matchRoles(profile({ skills: all, careerStage: 'experienced' }), ROLES), 'content-manager').score,
    )
  })

  it('scores a perfect fit 100 and says so in words', () => {
    const web = ROLES.find((role) => role.slug === 'web-developer')!
    const [match] = matchRoles(profile({ skills: [...web.skills], interests: ['web-developer'] }), [web])
    assert.equal(match!.score, 100)
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
    assert.equal(match!.score, 15 + 40 + 15)
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

  it('suggests other roles that fit at least as well as the best chosen one', () => {
    const matches = noInterests({ careerStage: 'apprentice', skills: ['Communication'] })
    const suggested = suggestedRoles(matches, ['content-manager'])
    assert.deepEqual(suggested.map((m) => m.role.slug), ['events-manager'])
    assert.ok(suggested[0]!.score >= bySlug(matches, 'content-manager').score)
  })

  it('suggests a role that fits very well even when a chosen one fits better', () => {
    const web = ROLES.find((role) => role.slug === 'web-developer')!
    const events = ROLES.find((role) => role.slug === 'events-manager')!
    const matches = noInterests({ skills: [...web.skills, ...events.skills.slice(0, 3)], careerStage: 'apprentice' })
    const suggested = suggestedRoles(matches, ['web-developer'])
    assert.ok(bySlug(matches, 'events-manager').score >= SUGGESTION_THRESHOLD)
    assert.ok(suggested.some((m) => m.role.slug === 'events-manager'))
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

  it('adding a skill a role draws on never lowers any role’s score', () => {
    forEachCase((person, roles) => {
      const before = scores(matchRoles(person, roles))
      const missing = [...new Set(roles.flatMap((role) => role.skills))].filter((skill) => !person.skills.includes(skill))
      for (const skill of missing) {
        const after = scores(matchRoles({ ...person, skills: [...person.skills, skill] }, roles))
        for (const role of roles) {
          assert.ok(after[role.slug]! >= before[role.slug]!, `adding ${skill}: ${role.slug} ${before[role.slug]} -> ${after[role.slug]}`)
          if (role.skills.includes(skill)) assert.ok(after[role.slug]! > before[role.slug]! || before[role.slug] === 100, `adding ${skill} raises ${role.slug}`)
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
