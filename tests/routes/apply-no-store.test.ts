// Every page of the application shows what the applicant typed, so none of them may be kept by
// a browser's history or a shared proxy: each answers Cache-Control: no-store, errors included.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import request, { type Response } from 'supertest'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { validAnswers } from '../helpers/apply-journey.ts'

const t = useTestApp()

function assertNoStore(response: Response, what: string) {
  assert.equal(response.headers['cache-control'], 'no-store', `${what} is not stored`)
}

it('answers no-store on every /apply page, from the first question to the confirmation', async () => {
  const agent = request.agent(t.app)
  assertNoStore(await agent.get('/apply').expect(303), 'GET /apply')
  for (const [step, fields] of Object.entries(validAnswers)) {
    const page = await agent.get(`/apply/${step}`).expect(200)
    assertNoStore(page, `GET /apply/${step}`)
    const answered = await agent.post(`/apply/${step}`).type('form').send({ _csrf: csrfTokenFrom(page), ...fields }).expect(303)
    assertNoStore(answered, `POST /apply/${step}`)
  }
  const check = await agent.get('/apply/check').expect(200)
  assertNoStore(check, 'Check your answers')
  assert.match(check.text, /Ada Lovelace/)
  assertNoStore(await agent.get('/apply/save').expect(200), 'Save and come back later')
  const submitted = await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303)
  assertNoStore(submitted, 'submitting')
  const confirmation = await agent.get('/apply/confirmation').expect(200)
  assertNoStore(confirmation, 'the confirmation page')
  assert.match(confirmation.text, /PYC-/)
})

it('answers no-store on a page shown with errors, which repeats what was typed', async () => {
  const agent = request.agent(t.app)
  await agent.get('/apply').expect(303)
  const page = await agent.get('/apply/roles').expect(200)
  const errors = await agent.post('/apply/roles').type('form').send({ _csrf: csrfTokenFrom(page) }).expect(400)
  assertNoStore(errors, 'an error page')
})
