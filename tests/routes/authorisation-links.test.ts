// Who can reach what, continued (the table is in tests/helpers/authorisation.ts): no GET changes
// the database, whoever asks; changing a reference or id in a URL reaches nothing more; blind
// review holds.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { databaseFingerprint, fingerprintChanges } from '../helpers/review.ts'
import {
  agents,
  csrfTokenFor,
  describeResponse,
  f,
  pathFor,
  routeCases,
  send,
  t,
  UNKNOWN_ID,
  UNKNOWN_REFERENCE,
  useAuthorisationFixtures,
  VISITORS,
  type Visitor,
} from '../helpers/authorisation.ts'

useAuthorisationFixtures()

describe('authorisation', () => {
  it('no GET route changes the database, whoever asks', async () => {
    const gets = routeCases().filter((route) => route.method === 'GET')
    const before = await databaseFingerprint(t.database.dataSource)
    const failures: string[] = []
    for (const route of gets) {
      for (const visitor of VISITORS) {
        const response = await send(agents[visitor], route, visitor)
        if (response.status >= 500) failures.push(`GET ${pathFor(route, visitor)} as ${visitor}: ${describeResponse(response)}`)
      }
    }
    const after = await databaseFingerprint(t.database.dataSource)
    assert.deepEqual(failures, [])
    assert.deepEqual(fingerprintChanges(before, after), [], `walking ${gets.length} GET routes as ${VISITORS.length} visitors changed the database`)
  })

  it('changing the reference or id in a URL reaches nothing more: 404 for unknown ones; applicants and executives reach only their own', async () => {
    const board = agents['board member']
    const manager = agents['community manager']
    const applicant = agents.applicant
    const notReferences = [UNKNOWN_REFERENCE, 'PYC-2222-222', 'not-a-reference', '..%2F..%2Fadmin%2Fusers', `${f.other.reference}X`]

    // The board reviews every application: other existing references are open to them by design.
    for (const reference of [f.own.reference, f.other.reference]) {
      await board.get(`/review/applications/${reference}`).expect(200)
      await board.get(`/review/applications/${reference}/conflict`).expect(200)
      await manager.get(`/review/applications/${reference}/decision`).expect(200)
    }
    const failures: string[] = []
    const expect404 = async (visitor: Visitor, method: 'GET' | 'POST', path: string, body: Record<string, string> = {}) => {
      const agent = agents[visitor]
      const response = method === 'GET' ? await agent.get(path) : await agent.post(path).type('form').send({ ...body, _csrf: await csrfTokenFor(agent, visitor) })
      if (response.status !== 404) failures.push(`${method} ${path} as ${visitor}: expected 404, got ${describeResponse(response)}`)
    }
    const before = await databaseFingerprint(t.database.dataSource)
    for (const reference of notReferences) {
      const base = `/review/applications/${reference}`
      await expect404('board member', 'GET', base)
      await expect404('board member', 'GET', `${base}/conflict`)
      await expect404('board member', 'POST', `${base}/review`, { recommendation: 'appoint' })
      await expect404('board member', 'POST', `${base}/conflict`, { reason: '' })
      await expect404('community manager', 'GET', base)
      await expect404('community manager', 'GET', `${base}/decision`)
      await expect404('community manager', 'POST', `${base}/decision`, { decision: 'shortlist', version: '0' })
    }

    // An applicant: someone else's reference looks exactly like one that does not exist.
    const mine = await applicant.get('/my-application').expect(200)
    assert.match(mine.text, new RegExp(`Application ${f.own.reference}`))
    for (const leak of [f.other.reference, f.other.fullName, f.other.email]) assert.ok(!mine.text.includes(leak), `/my-application does not show ${leak}`)
    for (const reference of [f.other.reference, UNKNOWN_REFERENCE, 'not-a-reference']) {
      await expect404('applicant', 'GET', `/my-application/${reference}/withdraw`)
      await expect404('applicant', 'POST', `/my-application/${reference}/withdraw`, { version: String(f.other.version) })
    }
    // Nor through the staff pages, even for their own application.
    for (const reference of [f.own.reference, f.other.reference]) {
      await applicant.get(`/review/applications/${reference}`).expect(303).expect('Location', '/sign-in')
    }

    // A new executive ticks only their own items: another executive's look like none at all, and
    // the community manager's are refused. The community manager cannot mix executives up either.
    const otherItem = f.otherExecutive.items.find((item) => item.owner === 'executive')!
    await expect404('new executive', 'POST', `/my-onboarding/items/${otherItem.id}`, { done: 'yes' })
    await expect404('new executive', 'POST', `/my-onboarding/items/${UNKNOWN_ID}`, { done: 'yes' })
    const managersItem = f.executive.items.find((item) => item.owner === 'community-manager')!
    const refused = await agents['new executive']
      .post(`/my-onboarding/items/${managersItem.id}`)
      .type('form')
      .send({ done: 'yes', _csrf: await csrfTokenFor(agents['new executive'], 'new executive') })
    assert.equal(refused.status, 403, `an executive ticking the community manager's item: ${describeResponse(refused)}`)
    await expect404('community manager', 'GET', `/onboarding/${f.executive.id}/items/${otherItem.id}/owner`)
    await expect404('community manager', 'POST', `/onboarding/${f.executive.id}/items/${otherItem.id}`, { done: 'yes' })

    assert.deepEqual(failures, [], failures.join('\n'))
    const after = await databaseFingerprint(t.database.dataSource)
    assert.deepEqual(fingerprintChanges(before, after), [], 'nothing changed: no withdrawal, review, conflict, decision or ticked item')
    const [other]: { status: string }[] = await t.database.dataSource.query(`SELECT "status" FROM "applications" WHERE "id" = $1`, [f.other.id])
    assert.equal(other!.status, 'submitted')
  })

  it('blind review: board members never receive the name or contact details of an applicant who is not shortlisted', async () => {
    const identity = [f.other.fullName, f.other.email, '07700 900123']
    const board = agents['board member']
    for (const path of ['/review', '/review/export.csv', `/review/applications/${f.other.reference}`, `/review/applications/${f.other.reference}/conflict`]) {
      const response = await board.get(path).expect(200)
      for (const detail of identity) assert.ok(!response.text.includes(detail), `${path} does not show a board member ${detail}`)
    }
    // The community manager, who is not a reviewer, sees who applied.
    const page = await agents['community manager'].get(`/review/applications/${f.other.reference}`).expect(200)
    for (const detail of identity) assert.ok(page.text.includes(detail), `the community manager sees ${detail}`)
  })
})
