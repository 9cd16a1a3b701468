// Who can reach what, continued (the table is in tests/helpers/authorisation.ts): every POST
// route refuses a missing or wrong CSRF token, and changes nothing. The one exception, one-click
// unsubscribe (tests/routes/interest.test.ts), is marked in the table.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { databaseFingerprint, fingerprintChanges } from '../helpers/review.ts'
import { agents, csrfTokenFor, describeResponse, nameOf, pathFor, routeCases, send, t, useAuthorisationFixtures, VISITORS, type Visitor } from '../helpers/authorisation.ts'

useAuthorisationFixtures()

describe('authorisation', () => {
  it('every POST route refuses a missing, made-up or another session’s CSRF token with 403, and changes nothing', async () => {
    const posts = routeCases().filter((route) => route.method === 'POST' && !route.csrfExempt)
    // Each visitor's session holds a token of its own, so a refusal is the token's fault, not a missing session.
    const tokens = {} as Record<Visitor, string>
    for (const visitor of VISITORS) tokens[visitor] = await csrfTokenFor(agents[visitor], visitor)
    const before = await databaseFingerprint(t.database.dataSource)
    const failures: string[] = []
    for (const route of posts) {
      for (const visitor of VISITORS) {
        const someoneElses = tokens[visitor === 'anonymous' ? 'board member' : 'anonymous']
        for (const [kind, csrf] of [
          ['missing', 'missing'],
          ['made-up', 'f'.repeat(256)],
          ['another session’s', someoneElses],
        ] as const) {
          const response = await send(agents[visitor], route, visitor, csrf)
          if (response.status !== 403 || !response.text.includes('This form has expired')) {
            failures.push(`${nameOf(route)} ${pathFor(route, visitor)} as ${visitor} with a ${kind} token: expected 403, got ${describeResponse(response)}`)
          }
        }
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'))
    const after = await databaseFingerprint(t.database.dataSource)
    assert.deepEqual(fingerprintChanges(before, after), [], 'refused POSTs changed the database')
  })
})
