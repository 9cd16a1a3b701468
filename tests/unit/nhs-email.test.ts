import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { matchRoles, type MatchableRole, type MatchProfile } from '../../src/domain/matching.ts'
import { checkCode, DEFAULT_NHS_EMAIL_DOMAINS, isNhsEmail, parseDomainList } from '../../src/domain/nhs-email.ts'

describe('NHS email domains', () => {
  const domains = DEFAULT_NHS_EMAIL_DOMAINS

  it('accepts a listed domain and the domains under it', () => {
    assert.equal(isNhsEmail('ada@nhs.net', domains), true)
    assert.equal(isNhsEmail('Ada@NHS.NET', domains), true)
    assert.equal(isNhsEmail('ada@leedsth.nhs.uk', domains), true)
    assert.equal(isNhsEmail('ada@nhs.uk', domains), true)
  })

  it('refuses look-alikes and other domains', () => {
    assert.equal(isNhsEmail('ada@notnhs.net', domains), false)
    assert.equal(isNhsEmail('ada@nhs.net.example.org', domains), false)
    assert.equal(isNhsEmail('ada@example.org', domains), false)
    assert.equal(isNhsEmail('nhs.net', domains), false)
    assert.equal(isNhsEmail('ada@nhs.net', []), false)
  })

  it('reads the admins’ list one a line, tidied, and names what is not a domain', () => {
    assert.deepEqual(parseDomainList('nhs.net\n  NHS.uk \n@hscni.net\nnhs.net'), { domains: ['nhs.net', 'nhs.uk', 'hscni.net'], invalid: [] })
    assert.deepEqual(parseDomainList('nhs.net, not a domain'), { domains: ['nhs.net'], invalid: ['not a domain'] })
    assert.deepEqual(parseDomainList('http://nhs.net').invalid, ['http://nhs.net'])
  })
})

describe('checking a code', () => {
  const now = new Date('2026-12-01T12:00:00Z')
  const stored = { codeHash: 'right', domain: 'nhs.net', expiresAt: new Date('2026-12-01T12:10:00Z'), attempts: 0 }

  it('verifies the right code, counting down the tries for a wrong one', () => {
    assert.deepEqual(checkCode(stored, 'right', now), { outcome: 'verified', domain: 'nhs.net' })
    assert.deepEqual(checkCode(stored, 'wrong', now), { outcome: 'wrong', triesLeft: 4 })
    assert.deepEqual(checkCode({ ...stored, attempts: 4 }, 'wrong', now), { outcome: 'too-many-tries' })
  })

  it('refuses even the right code once expired or after 5 wrong tries', () => {
    assert.deepEqual(checkCode(stored, 'right', new Date('2026-12-01T12:10:00Z')), { outcome: 'expired' })
    assert.deepEqual(checkCode({ ...stored, attempts: 5 }, 'right', now), { outcome: 'too-many-tries' })
    assert.deepEqual(checkCode(null, 'right', now), { outcome: 'no-code' })
  })
})

describe('matching with a verified NHS email', () => {
  const roles: MatchableRole[] = [
    { slug: 'data', title: 'Data analyst', hoursPerWeek: 2, nhsEmploymentPreferred: true, skills: ['Python'] },
    { slug: 'events', title: 'Events manager', hoursPerWeek: 2, nhsEmploymentPreferred: false, skills: ['Event organisation'] },
  ]
  const profile: MatchProfile = { hoursAvailable: 'yes', nhsEmployed: null, careerStage: 'experienced', skills: [], interests: [] }
  const reasonsFor = (match: { reasons: { text: string }[] }) => match.reasons.map((reason) => reason.text)

  it('gives the reason "NHS email verified" where the role prefers NHS employment, as the same tie-break', () => {
    const verified = matchRoles({ ...profile, nhsEmailVerified: true }, roles, { voice: 'reviewer' })
    const plain = matchRoles({ ...profile, nhsEmployed: true }, roles, { voice: 'reviewer' })
    const data = verified.find((match) => match.role.slug === 'data')!
    assert.ok(reasonsFor(data).includes('NHS email verified'))
    assert.equal(data.score, plain.find((match) => match.role.slug === 'data')!.score)
    assert.ok(!reasonsFor(verified.find((match) => match.role.slug === 'events')!).includes('NHS email verified'))
  })

  it('never counts twice, and is never a gate: every role is returned without it', () => {
    const both = matchRoles({ ...profile, nhsEmployed: true, nhsEmailVerified: true }, roles, { voice: 'reviewer' })
    const employed = matchRoles({ ...profile, nhsEmployed: true }, roles, { voice: 'reviewer' })
    assert.deepEqual(both.map((match) => match.score), employed.map((match) => match.score))
    assert.equal(matchRoles(profile, roles, { voice: 'reviewer' }).length, roles.length)
  })
})
