// Who can reach what: every route the app serves, walked as each kind of visitor, against what
// PRODUCT.md ("Who uses it") says they may do; and the table covers every route the routers
// declare (a new route fails the first test until it has a row). The table and its fixtures are
// in tests/helpers/authorisation.ts; authorisation-links.test.ts and authorisation-csrf.test.ts
// walk the same table for the rest.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { listRoutes } from '../helpers/routes.ts'
import { agents, mismatch, nameOf, pathFor, routeCases, send, SYMBOLS, t, throwawayVisitor, useAuthorisationFixtures, VISITORS } from '../helpers/authorisation.ts'

useAuthorisationFixtures()

describe('authorisation', () => {
  it('the table has a row for every route the app declares', () => {
    const routes = routeCases()
    const rows = new Set(routes.filter((route) => !route.unserved).map((route) => `${route.method} ${route.route}`))
    const declared = listRoutes(t.app)
    assert.ok(declared.length > 50, `found the routes (${declared.length})`)
    assert.deepEqual(
      declared.filter((route) => !rows.has(route)),
      [],
      'routes with no row in the authorisation table: add each with who may reach it',
    )
    assert.deepEqual(
      [...rows].filter((route) => !declared.includes(route)),
      [],
      'rows for routes that no router declares',
    )
  })

  it('every route answers each kind of visitor as PRODUCT.md says', async (context) => {
    const routes = routeCases()
    const failures: string[] = []
    const summary: string[] = []
    // Cells that replace the session run last, so that no other cell depends on what they did.
    const ordered = [...routes.filter((route) => !route.replacesSession), ...routes.filter((route) => route.replacesSession)]
    for (const route of ordered) {
      for (const visitor of VISITORS) {
        const agent = route.replacesSession && route.expect[visitor] === 'allowed' ? await throwawayVisitor(visitor) : agents[visitor]
        if (route.method === 'POST') await t.database.dataSource.query(`DELETE FROM rate_limit_hits`)
        const response = await send(agent, route, visitor)
        const problem = mismatch(route, visitor, response)
        if (problem) failures.push(`${nameOf(route)} ${pathFor(route, visitor)} as ${visitor}: ${problem}`)
      }
      summary.push(`${nameOf(route).padEnd(70)} ${VISITORS.map((visitor) => SYMBOLS[route.expect[visitor]].padEnd(18)).join(' ')}`)
    }
    // The whole table, for a review of who may do what: PRINT_AUTHORISATION_TABLE=1 npm test -- tests/routes/authorisation.test.ts
    if (process.env.PRINT_AUTHORISATION_TABLE) context.diagnostic(`${routes.length} rows x ${VISITORS.length} visitors (${VISITORS.join(', ')}):\n${summary.join('\n')}`)
    assert.deepEqual(failures, [], `${failures.length} cells of the table are wrong:\n${failures.join('\n')}`)
  })
})
