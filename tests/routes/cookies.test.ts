// The session cookie and the transport headers fit where the service really runs: Secure and
// __Host- over https (also behind a proxy that ends TLS), plain over http, so that a first try in
// production mode on a laptop or with Compose can still sign people in.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { loadConfig } from '../../src/config.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'

const SECRET = 's'.repeat(40)

function productionConfig(baseUrl: string, trustProxy?: string) {
  return loadConfig({
    NODE_ENV: 'production',
    BASE_URL: baseUrl,
    DATABASE_URL: 'postgres://unused',
    SESSION_SECRET: SECRET,
    ...(trustProxy ? { TRUST_PROXY: trustProxy } : {}),
    LOG_LEVEL: 'silent',
  })
}

function setCookies(response: request.Response): string[] {
  return (response.headers['set-cookie'] as unknown as string[] | undefined) ?? []
}

/** The cookie's attributes, lower-cased, without its value. */
function attributesOf(cookie: string): string[] {
  return cookie
    .split(';')
    .slice(1)
    .map((part) => part.trim().toLowerCase())
}

describe('production over plain http (a laptop, the Compose file)', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp(productionConfig('http://localhost:3000'))
  })
  after(() => t.close())

  it('sets a session cookie a browser keeps over http, and signs a member of staff in', async () => {
    const staff = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    const page = await agent.get('/sign-in').expect(200)
    const [cookie] = setCookies(page)
    assert.ok(cookie, 'the sign-in page sets a session cookie')
    assert.match(cookie, /^session=/)
    const attributes = attributesOf(cookie)
    assert.ok(!attributes.includes('secure'), cookie)
    assert.ok(attributes.includes('httponly'), cookie)
    assert.ok(attributes.includes('samesite=lax'), cookie)

    const signedIn = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), email: staff.email, password: STAFF_PASSWORD })
    assert.equal(signedIn.status, 303, 'sign-in succeeds rather than "This form has expired"')
    await agent.get('/review').expect(200)
  })

  it('sends neither HSTS nor upgrade-insecure-requests, which would break an http site', async () => {
    const response = await request(t.app).get('/').expect(200)
    assert.equal(response.headers['strict-transport-security'], undefined)
    assert.doesNotMatch(String(response.headers['content-security-policy']), /upgrade-insecure-requests/)
  })
})

describe('production over https behind a proxy that ends TLS', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp(productionConfig('https://volunteer.example.org', '1'))
  })
  after(() => t.close())

  it('sets a __Host- cookie that is Secure, HttpOnly and SameSite=Lax', async () => {
    const page = await request(t.app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200)
    const [cookie] = setCookies(page)
    assert.ok(cookie, 'the sign-in page sets a session cookie')
    assert.match(cookie, /^__Host-session=/)
    const attributes = attributesOf(cookie)
    for (const attribute of ['secure', 'httponly', 'samesite=lax', 'path=/']) {
      assert.ok(attributes.includes(attribute), `${attribute} in ${cookie}`)
    }
    assert.ok(!attributes.some((attribute) => attribute.startsWith('domain=')), '__Host- cookies have no Domain')
    assert.match(String(page.headers['strict-transport-security']), /max-age=31536000/)
    assert.match(String(page.headers['content-security-policy']), /upgrade-insecure-requests/)
  })

  it('signs in through the proxy', async () => {
    const staff = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    const page = await agent.get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200)
    const cookie = setCookies(page)[0]!.split(';')[0]!
    const signedIn = await request(t.app)
      .post('/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), email: staff.email, password: STAFF_PASSWORD })
    assert.equal(signedIn.status, 303)
    const next = setCookies(signedIn)[0]!.split(';')[0]!
    await request(t.app).get('/review').set('X-Forwarded-Proto', 'https').set('Cookie', next).expect(200)
  })

  it('sets no cookie on a request the proxy did not mark as https (so the setting matters)', async () => {
    const page = await request(t.app).get('/sign-in').expect(200)
    assert.deepEqual(setCookies(page), [])
  })
})

describe('https without TRUST_PROXY behind a TLS proxy', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp(productionConfig('https://volunteer.example.org'))
  })
  after(() => t.close())

  it('does not believe X-Forwarded-Proto from just anyone, so no cookie is set', async () => {
    const page = await request(t.app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200)
    assert.deepEqual(setCookies(page), [])
  })
})
