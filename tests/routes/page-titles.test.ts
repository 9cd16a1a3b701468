// Page titles: every page the app serves, visited as each person who may see it, has a title of
// its own (two pages never share one), a page showing a form's errors starts it with "Error: ",
// and the error pages keep their own helpful titles. Uses the authorisation table's routes and
// fixtures (tests/helpers/authorisation.ts), so a new page is checked as soon as it has a row.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { LIMITS } from '../../src/domain/limits.ts'
import { submitPage } from '../helpers/apply-journey.ts'
import { agents, nameOf, routeCases, send, t, throwawayVisitor, useAuthorisationFixtures, VISITORS } from '../helpers/authorisation.ts'

useAuthorisationFixtures()

function titleOf(html: string): string | null {
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1]
  return title === undefined ? null : title.replace(/ - [^-]*$/, '')
}

describe('page titles', () => {
  it('each page has a title of its own, and a page with errors says so first', async () => {
    const pagesByTitle = new Map<string, Set<string>>()
    const problems: string[] = []
    for (const route of routeCases()) {
      for (const visitor of VISITORS) {
        if (route.expect[visitor] !== 'allowed') continue
        const agent = route.replacesSession ? await throwawayVisitor(visitor) : agents[visitor]
        if (route.method === 'POST') await t.database.dataSource.query(`DELETE FROM rate_limit_hits`)
        const response = await send(agent, route, visitor)
        const title = response.headers['content-type']?.includes('html') ? titleOf(response.text) : null
        if (title === null) continue
        const showsErrors = response.text.includes('nhsuk-error-summary')
        if (showsErrors !== title.startsWith('Error: ')) problems.push(`${nameOf(route)} as ${visitor}: "${title}" ${showsErrors ? 'shows errors without' : 'starts with "Error: " but shows no errors'}`)
        // Pages as they first show, not as a refused form: those share their page's title.
        if (route.method === 'GET' && response.status === 200) {
          const pages = pagesByTitle.get(title) ?? new Set<string>()
          pages.add(`${route.method} ${route.route}`)
          pagesByTitle.set(title, pages)
        }
      }
    }
    const shared = [...pagesByTitle].filter(([, pages]) => pages.size > 1).map(([title, pages]) => `"${title}": ${[...pages].join(', ')}`)
    assert.ok(pagesByTitle.size > 60, `visited the pages (${pagesByTitle.size} titles)`)
    assert.deepEqual(shared, [], 'titles used by more than one page')
    assert.deepEqual(problems, [])
  })
})

describe('error pages', () => {
  it('keep their own helpful titles, without "Error: "', async () => {
    const anonymous = request.agent(t.app)
    const pages: [string, Promise<request.Response> | request.Response, number, string][] = [
      ['a page that does not exist', anonymous.get('/no-such-page'), 404, 'Page not found'],
      ['a used or expired one-time link', anonymous.get('/apply/resume/' + 'A'.repeat(43)), 410, 'This link has expired or has already been used'],
      ['a form sent without its CSRF token', anonymous.post('/my-application').type('form').send({ email: 'ada@example.org' }), 403, 'This form has expired'],
      ['an offer link that matches no offer', anonymous.get(`/offer/${'B'.repeat(43)}/accept`), 404, 'This link does not work'],
      ['an offer link that is not a link at all', anonymous.get('/offer/not-a-token/accept'), 400, 'This link does not work'],
    ]
    await t.database.dataSource.query(`DELETE FROM rate_limit_hits`)
    const saver = request.agent(t.app)
    await saver.get('/apply').expect(303)
    await submitPage(saver, '/apply/roles', { roles: ['web-developer'], action: 'save' })
    for (let i = 0; i < LIMITS.draftSavesPerAddress.limit; i += 1) await submitPage(saver, '/apply/save', { email: 'saver@example.org' })
    pages.push(['one saved-application email too many', await submitPage(saver, '/apply/save', { email: 'saver@example.org' }), 429, 'You have saved your application too many times'])

    const wrong: string[] = []
    for (const [what, pending, status, title] of pages) {
      const response = await pending
      const shown = titleOf(response.text)
      if (response.status !== status || shown !== title) wrong.push(`${what}: ${response.status} "${shown}", expected ${status} "${title}"`)
    }
    assert.deepEqual(wrong, [])
  })
})
