// Signing out makes the browser forget its cookies. A browser only drops a cookie when told so
// with the attributes it was set with: a __Host- cookie cleared without Secure stays. So every
// sign-out clears the session and CSRF cookies as Secure, HttpOnly, SameSite=Lax, Path=/ over https.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { loadConfig } from '../../src/config.ts'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'

const HTTPS = 'https'

function setCookies(response: request.Response): string[] {
  return (response.headers['set-cookie'] as unknown as string[] | undefined) ?? []
}

function cookieNamed(response: request.Response, name: string): string | undefined {
  return setCookies(response).find((cookie) => cookie.startsWith(`${name}=`))
}

/** The name=value parts of a response's cookies, to send back as a browser would. */
function cookieHeader(...responses: request.Response[]): string {
  return responses.flatMap(setCookies).map((cookie) => cookie.split(';')[0]!).join('; ')
}

function assertCleared(response: request.Response, name: string) {
  const cookie = cookieNamed(response, name)
  assert.ok(cookie, `the sign-out clears ${name}`)
  const [value, ...rest] = cookie.split(';').map((part) => part.trim())
  const attributes = rest.map((part) => part.toLowerCase())
  assert.equal(value, `${name}=`, 'with an empty value')
  assert.ok(attributes.some((attribute) => attribute.startsWith('expires=thu, 01 jan 1970')), `already expired: ${cookie}`)
  for (const attribute of ['secure', 'httponly', 'samesite=lax', 'path=/']) {
    assert.ok(attributes.includes(attribute), `${attribute} in ${cookie}`)
  }
}

describe('signing out over https behind a proxy', () => {
  const t = useTestApp({
    config: loadConfig({
      NODE_ENV: 'production',
      BASE_URL: 'https://volunteer.example.org',
      DATABASE_URL: 'postgres://unused',
      SESSION_SECRET: 's'.repeat(40),
      TRUST_PROXY: '1',
      LOG_LEVEL: 'silent',
    }),
  })

  it('staff sign-out clears the session and CSRF cookies as they were set', async () => {
    const staff = await createStaff(t, ['board-member'])
    const page = await request(t.app).get('/sign-in').set('X-Forwarded-Proto', HTTPS).expect(200)
    const signedIn = await request(t.app)
      .post('/sign-in')
      .set('X-Forwarded-Proto', HTTPS)
      .set('Cookie', cookieHeader(page))
      .type('form')
      .send({ _csrf: csrfTokenFrom(page), email: staff.email, password: STAFF_PASSWORD })
      .expect(303)
    const session = cookieHeader(signedIn)
    const review = await request(t.app).get('/review').set('X-Forwarded-Proto', HTTPS).set('Cookie', session).expect(200)
    const signedOut = await request(t.app)
      .post('/sign-out')
      .set('X-Forwarded-Proto', HTTPS)
      .set('Cookie', session)
      .type('form')
      .send({ _csrf: csrfTokenFrom(review) })
      .expect(303)
    assertCleared(signedOut, '__Host-session')
    assertCleared(signedOut, '__Host-csrf')
    await request(t.app).get('/review').set('X-Forwarded-Proto', HTTPS).set('Cookie', session).expect(303)
  })

  for (const area of ['/my-application', '/my-onboarding']) {
    it(`${area}/sign-out clears the session and CSRF cookies as they were set`, async () => {
      const page = await request(t.app).get(area).set('X-Forwarded-Proto', HTTPS).expect(200)
      const signedOut = await request(t.app)
        .post(`${area}/sign-out`)
        .set('X-Forwarded-Proto', HTTPS)
        .set('Cookie', cookieHeader(page))
        .type('form')
        .send({ _csrf: csrfTokenFrom(page) })
        .expect(303)
      assertCleared(signedOut, '__Host-session')
      assertCleared(signedOut, '__Host-csrf')
    })
  }
})
