// Registering interest in roles as a person would, through the real /interest pages, and
// reading the links out of the emails it sends.
import assert from 'node:assert/strict'
import type { Agent, Response } from 'supertest'
import request from 'supertest'
import type { TestApp } from './app.ts'
import { submitForm } from './forms.ts'
import { tokenFromEmail } from './review.ts'

export interface InterestAnswers {
  email: string
  /** Role slugs, or ['any']. */
  roles: string[]
}

/** Walks email, roles, agreement and Check your answers; returns the response to sending it. */
export async function registerInterestAs(agent: Agent, answers: InterestAnswers): Promise<Response> {
  assert.equal((await submitForm(agent, '/interest/email', { email: answers.email })).headers.location, '/interest/roles')
  assert.equal((await submitForm(agent, '/interest/roles', { roles: answers.roles })).headers.location, '/interest/consent')
  assert.equal((await submitForm(agent, '/interest/consent', { consent: 'yes' })).headers.location, '/interest/check')
  return submitForm(agent, '/interest/check')
}

/** The token of the newest confirmation link emailed to `email` (either kind of email). */
export async function confirmToken(t: TestApp, email: string, template: 'interest-confirm' | 'interest-already-registered' = 'interest-confirm'): Promise<string> {
  return tokenFromEmail(t.database.dataSource, { recipient: email, template }, '/interest/confirm')
}

/** The token of the unsubscribe link in the newest email of `template` to `email`. */
export async function unsubscribeToken(t: TestApp, email: string, template: string): Promise<string> {
  return tokenFromEmail(t.database.dataSource, { recipient: email, template }, '/interest/unsubscribe')
}

/** Registers and confirms through the pages, each in a browser session of its own. */
export async function confirmedInterest(t: TestApp, answers: InterestAnswers): Promise<void> {
  const registering = request.agent(t.app)
  assert.equal((await registerInterestAs(registering, answers)).status, 303)
  const token = await confirmToken(t, answers.email)
  const confirmed = await submitForm(request.agent(t.app), `/interest/confirm/${token}`)
  assert.equal(confirmed.headers.location, '/interest/confirmed', `${answers.email} confirmed`)
}
