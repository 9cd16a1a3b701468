// The single sign-on button and routes, with and without OIDC_ISSUER (the sign-ins themselves,
// through a real provider, are in tests/browser/sso.test.ts).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { useTestApp } from '../helpers/app.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

const plain = useTestApp()
// A provider that does not answer: the pages here never reach it.
const withSso = useTestApp({ config: { oidc: { issuer: new URL('http://127.0.0.1:9'), clientId: 'client', clientSecret: 'secret', allowedEmailDomains: ['nhs.net'] } } })

describe('single sign-on', () => {
  it('is not offered, and its routes are not there, without OIDC_ISSUER', async () => {
    const page = await request(plain.app).get('/sign-in').expect(200)
    assert.doesNotMatch(page.text, /\/sign-in\/sso/)
    assert.doesNotMatch(page.text, /Sign in with your NHS account/)
    await request(plain.app).get('/sign-in/sso/callback?code=a&state=b').expect(404)
  })

  it('shows the button in the words of the settings, beside a password form that still works', async () => {
    const page = await request(withSso.app).get('/sign-in').expect(200)
    assert.match(page.text, /<form method="post" action="\/sign-in\/sso"/)
    assert.match(page.text, /Sign in with your NHS account/)
    // One CSRF token for both forms on the page: the cookie holds it.
    const tokens = [...page.text.matchAll(/name="_csrf" value="([^"]+)"/g)].map((match) => match[1])
    assert.equal(tokens.length, 2)
    assert.equal(tokens[0], tokens[1])
    const user = await createStaff(withSso, ['board-member'])
    assert.equal((await signIn(request.agent(withSso.app), user)).headers.location, '/review')

    await withSso.database.dataSource.query(`UPDATE "settings" SET "sso_button_text" = 'Sign in with NHSmail'`)
    withSso.services.settings.changed()
    assert.match((await request(withSso.app).get('/sign-in')).text, />\s*Sign in with NHSmail\s*</)
  })

  it('needs the CSRF token to start, and a sign-in in progress to finish', async () => {
    await request(withSso.app).post('/sign-in/sso').type('form').send({}).expect(403)
    const callback = await request(withSso.app).get('/sign-in/sso/callback?code=made-up&state=made-up')
    assert.equal(callback.status, 400)
    assert.match(callback.text, /We could not sign you in/)
  })
})
