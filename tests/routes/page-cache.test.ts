import assert from 'node:assert/strict'
import { it } from 'node:test'
import request from 'supertest'
import { createLogger } from '../../src/logger.ts'
import { useTestApp } from '../helpers/app.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

// The other route tests run with caching off (CACHE_SECONDS is 0 under test); this one turns it on.
// The log is kept, to see the request lines of cached pages.
const logged: string[] = []
const t = useTestApp({ config: { cacheSeconds: 60 }, logger: createLogger('info', { destination: { write: (line: string) => void logged.push(line) } }) })
const requestLines = (id: string) =>
  logged.map((line) => JSON.parse(line) as { msg: string; req?: { id: string; method: string; path: string }; res?: { statusCode: number } }).filter((line) => line.req?.id === id)

it('serves public pages from the cache, each response with its own CSP nonce', async () => {
  const first = await request(t.app).get('/roles/web-developer').expect(200)
  await t.database.dataSource.query(`UPDATE roles SET title = 'Changed title' WHERE slug = 'web-developer'`)
  const second = await request(t.app).get('/roles/web-developer').expect(200)
  assert.match(second.text, /<h1>Web developer<\/h1>/, 'the cached page')
  const nonce = (response: request.Response) => /'nonce-([^']+)'/.exec(response.headers['content-security-policy'] as string)![1]!
  assert.notEqual(nonce(first), nonce(second))
  assert.ok(second.text.includes(`nonce="${nonce(second)}"`))
  assert.ok(!second.text.includes(nonce(first)))
  assert.doesNotMatch(second.text, /nonce-placeholder/)
})

it('never serves a cached page to someone signed in', async () => {
  await request(t.app).get('/roles').expect(200)
  const user = await createStaff(t, ['board-member'], 'Sid Signedin')
  const agent = request.agent(t.app)
  await signIn(agent, user)
  const page = await agent.get('/roles').expect(200)
  assert.match(page.text, /Sid Signedin/)
  const anonymous = await request(t.app).get('/roles').expect(200)
  assert.doesNotMatch(anonymous.text, /Sid Signedin/)
})

it('gives a cached page the same headers as a rendered one: every security header, a new nonce, a request id', async () => {
  const path = '/roles/content-manager'
  const rendered = await request(t.app).get(path).expect(200)
  const cached = await request(t.app).get(path).expect(200)
  const varying = new Set(['date', 'x-request-id', 'content-security-policy', 'content-length'])
  const fixed = (response: request.Response) => Object.fromEntries(Object.entries(response.headers).filter(([name]) => !varying.has(name)))
  assert.deepEqual(fixed(cached), fixed(rendered))
  for (const name of ['x-content-type-options', 'x-frame-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'x-request-id']) {
    assert.ok(cached.headers[name], `${name} on the cached page`)
  }
  assert.equal(cached.headers['referrer-policy'], 'same-origin')
  assert.equal(cached.headers['x-powered-by'], undefined)
  const policy = (response: request.Response) => response.headers['content-security-policy'] as string
  const nonce = (response: request.Response) => /'nonce-([^']+)'/.exec(policy(response))![1]!
  assert.equal(policy(cached).replace(nonce(cached), 'N'), policy(rendered).replace(nonce(rendered), 'N'), 'the same policy, its own nonce')
  assert.match(policy(cached), /default-src 'self'.*frame-ancestors 'none'/)
  assert.notEqual(nonce(cached), nonce(rendered))
  assert.ok(cached.text.includes(`nonce="${nonce(cached)}"`))
  assert.notEqual(cached.headers['x-request-id'], rendered.headers['x-request-id'])
  assert.equal(cached.text.replaceAll(nonce(cached), 'N'), rendered.text.replaceAll(nonce(rendered), 'N'))
})

it('answers a cached page before the rest of the app with the same request line, for HEAD and with a query string too', async () => {
  const path = '/roles/events-manager'
  await request(t.app).get(path).expect(200)
  await t.database.dataSource.query(`UPDATE roles SET title = 'Changed title' WHERE slug = 'events-manager'`)
  const cached = await request(t.app).get(`${path}?utm_source=newsletter`).expect(200)
  assert.match(cached.text, /<h1>Events manager<\/h1>/, 'the cached page, whatever the query string')
  assert.equal(Number(cached.headers['content-length']), Buffer.byteLength(cached.text))
  const id = cached.headers['x-request-id'] as string
  assert.deepEqual(
    requestLines(id).map(({ msg, req, res }) => ({ msg, req, res })),
    [{ msg: 'request completed', req: { id, method: 'GET', path }, res: { statusCode: 200 } }],
    'one line, its path without the query string',
  )

  const head = await request(t.app).head(path).expect(200)
  assert.equal(head.text, undefined)
  assert.equal(head.headers['content-length'], cached.headers['content-length'], 'the length of the page it stands for')
  assert.match(head.headers['content-security-policy'] as string, /'nonce-[^']+'/)
  assert.equal(requestLines(head.headers['x-request-id'] as string).length, 1)
})
