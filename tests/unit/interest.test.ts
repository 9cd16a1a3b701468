import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ANY_ROLE, interestKeptUntil } from '../../src/domain/interest.ts'
import { chosenRoles, firstUnanswered, INTEREST_STEPS } from '../../src/forms/interest.ts'
import { emailHeaders } from '../../src/mail/outbox.ts'
import { redactOneTimeLinks, restoreOneTimeLinks } from '../../src/mail/one-time-links.ts'

const context = { roleSlugs: ['community-manager', 'web-developer'] }
const step = (id: string) => INTEREST_STEPS.find((each) => each.id === id)!

describe('the interest form', () => {
  it('keeps only roles on offer, in their order, and "any role" alone', () => {
    assert.deepEqual(chosenRoles(['web-developer', 'nope', 'community-manager'], context), ['community-manager', 'web-developer'])
    assert.deepEqual(chosenRoles(['web-developer', ANY_ROLE], context), [ANY_ROLE])
    assert.deepEqual(step('roles').parse({ roles: 'nope' }, context).errors, { roles: 'Select the roles you would like to hear about, or any role' })
  })

  it('lower-cases a valid address and keeps an invalid one as typed', () => {
    assert.deepEqual(step('email').parse({ email: '  Ada@Example.ORG ' }, context), { values: { email: 'ada@example.org' }, errors: {} })
    assert.equal(step('email').parse({ email: 'ada@' }, context).values.email, 'ada@')
    assert.equal(step('email').parse({ email: `${'a'.repeat(250)}@example.org` }, context).errors.email, 'Enter an email address in the correct format, like name@example.com')
  })

  it('asks the first question not yet answered', () => {
    assert.equal(firstUnanswered({}, context)?.id, 'email')
    assert.equal(firstUnanswered({ email: 'ada@example.org', roles: ['gone'] }, context)?.id, 'roles')
    assert.equal(firstUnanswered({ email: 'ada@example.org', roles: [ANY_ROLE], consent: false }, context)?.id, 'consent')
    assert.equal(firstUnanswered({ email: 'ada@example.org', roles: [ANY_ROLE], consent: true }, context), null)
  })
})

describe('how long a registration is kept', () => {
  it('is the retention period from confirming, ending on the last day of a shorter month', () => {
    assert.equal(interestKeptUntil(new Date('2026-01-15T10:00:00Z'), 6), '2026-07-15')
    assert.equal(interestKeptUntil(new Date('2026-08-31T10:00:00Z'), 6), '2027-02-28')
  })
})

describe('extra email header fields', () => {
  it('adds the one-click unsubscribe pair for an unsubscribe path', () => {
    assert.deepEqual(emailHeaders({ key: 'k', unsubscribePath: '/interest/unsubscribe/x' }, 'https://roles.example.org'), {
      'List-Unsubscribe': '<https://roles.example.org/interest/unsubscribe/x>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    })
    assert.throws(() => emailHeaders({ key: 'k', unsubscribePath: 'https://elsewhere.example' }, 'https://roles.example.org'), /must start with \//)
  })

  it('redacts a one-time link in a header and puts it back', () => {
    const token = 'A'.repeat(43)
    const email = { subject: 's', html: 'h', text: 't', headers: { 'List-Unsubscribe': `<https://x.example/u/${token}>` } }
    const { redacted, tokens } = redactOneTimeLinks(email, { token })
    assert.equal(redacted.headers!['List-Unsubscribe'], '<https://x.example/u/[one-time-link-1]>')
    assert.deepEqual(restoreOneTimeLinks(redacted, tokens), email)
  })
})
