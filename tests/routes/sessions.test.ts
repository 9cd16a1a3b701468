// A visitor who only reads pages, forms included, leaves no session row: sessions are made when
// something is stored in them (a sign-in, an application's answers), not for a CSRF token.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import request from 'supertest'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'

const t = useTestApp()

const FORM_PAGES = ['/sign-in', '/forgot-password', '/my-application', '/my-onboarding', '/match']

async function sessionRows(): Promise<number> {
  const [row] = await t.database.dataSource.query(`SELECT count(*)::int AS count FROM "sessions"`)
  return row.count
}

it('1,000 anonymous reads of form pages leave the sessions table as it was', async () => {
  const rowsBefore = await sessionRows()
  for (let batch = 0; batch < 100; batch += 1) {
    await Promise.all(
      FORM_PAGES.flatMap((path) => [request(t.app).get(path).expect(200), request(t.app).get(path).expect(200)]),
    )
  }
  assert.equal(await sessionRows(), rowsBefore)
})

it('the form read without a session still works: its token is in a signed cookie', async () => {
  const agent = request.agent(t.app)
  const page = await agent.get('/my-application').expect(200)
  const posted = await agent.post('/my-application').type('form').send({ _csrf: csrfTokenFrom(page), email: 'someone@example.org' })
  assert.equal(posted.status, 303)
})

it('refuses a CSRF cookie whose signature does not match, and a token from another cookie', async () => {
  const page = await request(t.app).get('/my-application').expect(200)
  const cookie = ((page.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('csrf=')) ?? '').split(';')[0]!
  const token = csrfTokenFrom(page)
  const tampered = cookie.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'))
  await request(t.app).post('/my-application').set('Cookie', tampered).type('form').send({ _csrf: token, email: 'a@example.org' }).expect(403)

  const other = await request(t.app).get('/sign-in').expect(200)
  await request(t.app).post('/my-application').set('Cookie', cookie).type('form').send({ _csrf: csrfTokenFrom(other), email: 'a@example.org' }).expect(403)
  // And the matching pair is accepted, so the refusals above are the signature's and the token's doing.
  await request(t.app).post('/my-application').set('Cookie', cookie).type('form').send({ _csrf: token, email: 'a@example.org' }).expect(303)
})
