// The session cookie and the transport headers fit where the service really runs: Secure and
// __Host- over https (also behind a proxy that ends TLS), plain over http, so that a first try in
// production mode on a laptop or with Compose can still sign people in.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { loadConfig } from '../../src/config.ts'
import { useTestApp } from '../helpers/app.ts'
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

function cookieNamed(response: request.Response, name: string): string | undefined {
  return setCookies(response).find((cookie) => cookie.startsWith(`${name}=`))
}

/** The cookie's attributes, lower-cased, without its value. */
function attributesOf(cookie: string): string[] {
  return cookie
    .split(';')
    .slice(1)
    .map((part) => part.trim().toLowerCase())
}

describe('production over plain http (a laptop, the Compose file)', () => {
  const t = useTestApp({ config: productionConfig('http://localhost:3000') })

  it('sets cookies a browser keeps over http, and signs a member of staff in', async () => {
    const staff = await createStaff(t, ['board-member'])
    const agent = request.agent(t.app)
    const page = await agent.get('/sign-in').expect(200)
    const signedIn = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), email: staff.email, password: STAFF_PASSWORD })
    assert.equal(signedIn.status, 303, 'sign-in succeeds rather than "This form has expired"')
    await agent.get('/review').expect(200)

    // The form's CSRF cookie, then the session made by signing in.
    for (const cookie of [cookieNamed(page, 'csrf'), cookieNamed(signedIn, 'session')]) {
      assert.ok(cookie)
      const attributes = attributesOf(cookie)
      assert.ok(!attributes.includes('secure'), cookie)
      assert.ok(attributes.includes('httponly'), cookie)
      assert.ok(attributes.includes('samesite=lax'), cookie)
    }
  })

  it('sends neither HSTS nor upgrade-insecure-requests, which would break an http site', async () => {
    const response = await request(t.app).get('/').expect(200)
    assert.equal(response.headers['strict-transport-security'], undefined)
    assert.doesNotMatch(String(response.headers['content-security-policy']), /upgrade-insecure-requests/)
  })
})

describe('production over https behind a proxy that ends TLS', () => {
  const t = useTestApp({ config: productionConfig('https://volunteer.example.org', '1') })

  it('signs in through the proxy with __Host- cookies that are Secure, HttpOnly and SameSite=Lax', async () => {
    const staff = await createStaff(t, ['board-member'])
    const page = await request(t.app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200)
    const csrf = cookieNamed(page, '__Host-csrf')
    assert.ok(csrf, 'the sign-in form sets its CSRF cookie')
    const signedIn = await request(t.app)
      .post('/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrf.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), email: staff.email, password: STAFF_PASSWORD })
    assert.equal(signedIn.status, 303)
    const session = cookieNamed(signedIn, '__Host-session')
    assert.ok(session, 'signing in sets the session cookie')
    await request(t.app).get('/review').set('X-Forwarded-Proto', 'https').set('Cookie', session.split(';')[0]!).expect(200)

    for (const cookie of [csrf, session]) {
      const attributes = attributesOf(cookie)
      for (const attribute of ['secure', 'httponly', 'samesite=lax', 'path=/']) {
        assert.ok(attributes.includes(attribute), `${attribute} in ${cookie}`)
      }
      assert.ok(!attributes.some((attribute) => attribute.startsWith('domain=')), '__Host- cookies have no Domain')
    }
    assert.match(String(page.headers['strict-transport-security']), /max-age=31536000/)
    assert.match(String(page.headers['content-security-policy']), /upgrade-insecure-requests/)
  })

  it('sets no session on a request the proxy did not mark as https (so the setting matters)', async () => {
    const staff = await createStaff(t, ['board-member'])
    const page = await request(t.app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200)
    const signedIn = await request(t.app)
      .post('/sign-in')
      .set('Cookie', cookieNamed(page, '__Host-csrf')!.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), email: staff.email, password: STAFF_PASSWORD })
    assert.equal(cookieNamed(signedIn, '__Host-session'), undefined)
  })
})

describe('https without TRUST_PROXY behind a TLS proxy', () => {
  const t = useTestApp({ config: productionConfig('https://volunteer.example.org') })

  it('does not believe X-Forwarded-Proto from just anyone, so no session cookie is set', async () => {
    const staff = await createStaff(t, ['board-member'])
    const page = await request(t.app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200)
    const signedIn = await request(t.app)
      .post('/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', (cookieNamed(page, '__Host-csrf') ?? '').split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), email: staff.email, password: STAFF_PASSWORD })
    assert.equal(cookieNamed(signedIn, '__Host-session'), undefined)
  })
})
