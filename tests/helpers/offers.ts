// Getting an application to "offered" (through the real services: submit, board reviews, the
// community manager's decisions) and reading the links out of the emails that follow.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { makeOffer } from '../../src/actions/decisions/make-offer.ts'
import { shortlist } from '../../src/actions/decisions/shortlist.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import type { TestApp } from './app.ts'
import { asSent } from './emails.ts'
import { submitApplication } from '../../src/actions/apply/submit-application.ts'
import { APPLICANT } from '../../src/services/audit.ts'

export interface Applicant {
  fullName: string
  email: string
  /** The role offered; the applicant applies for it alone. */
  roleSlug?: string
  organisation?: string
}

const BASE_URL = 'http://localhost:3000'

/** Submits an application, records two board reviews, shortlists it and offers the role. */
export async function offerRole(t: TestApp, applicant: Applicant, manager: StaffUser, board: [StaffUser, StaffUser]): Promise<{ applicationId: string; reference: string }> {
  const roleSlug = applicant.roleSlug ?? 'web-developer'
  const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: {
    roles: [roleSlug],
    fullName: applicant.fullName,
    email: applicant.email,
    nhsEmployed: applicant.organisation ? 'yes' : 'no',
    organisation: applicant.organisation,
    jobTitle: applicant.organisation ? 'Analyst' : undefined,
    careerStage: 'early-career',
    hours: 'yes',
    motivation: 'I would love to help the community grow.',
    skills: ['GitHub'],
    consent: true,
    equalityDone: true,
  } }, APPLICANT)
  const [row] = await t.database.dataSource.query(
    `SELECT a.id, a.version, ar.role_id FROM applications a JOIN application_roles ar ON ar.application_id = a.id WHERE a.reference = $1`,
    [reference],
  )
  for (const member of board) {
    await t.database.dataSource.query(`INSERT INTO reviews (application_id, reviewer_id, scores, recommendation) VALUES ($1, $2, '{}', 'appoint')`, [
      row.id,
      member.id,
    ])
  }
  const byManager = { type: 'staff', id: manager.id } as const
  await t.services.act(shortlist, { reference, version: row.version }, byManager)
  await t.services.act(makeOffer, { reference, version: row.version + 1, roleId: row.role_id, message: 'Welcome aboard!' }, byManager)
  return { applicationId: row.id, reference }
}

/** The newest email with this template to this address, as sent (its one-time links in place). */
export async function latestEmail(t: TestApp, recipient: string, template: string): Promise<{ subject: string; text_body: string; html: string }> {
  const rows = await t.database.dataSource.query(
    `SELECT subject, text_body, html, link_tokens FROM email_messages WHERE recipient = $1 AND template = $2 ORDER BY created_at DESC LIMIT 1`,
    [recipient, template],
  )
  assert.ok(rows[0], `an email "${template}" to ${recipient}`)
  return asSent(rows[0])
}

/** The accept and decline paths in the offer email (checked in both parts, for the configured base URL). */
export async function offerLinks(t: TestApp, email: string): Promise<{ accept: string; decline: string; token: string }> {
  const offer = await latestEmail(t, email, 'offer')
  const match = /http:\/\/localhost:3000\/offer\/([A-Za-z0-9_-]{43})\/accept\b/.exec(offer.text_body)
  assert.ok(match, 'the offer email has an accept link')
  const token = match[1]!
  for (const part of [offer.text_body, offer.html]) {
    assert.ok(part.includes(`${BASE_URL}/offer/${token}/accept`), 'the accept link is in both parts')
    assert.ok(part.includes(`${BASE_URL}/offer/${token}/decline`), 'the decline link is in both parts')
  }
  return { accept: `/offer/${token}/accept`, decline: `/offer/${token}/decline`, token }
}

/** The sign-in path in the newest welcome (or sign-in) email to an executive. */
export async function executiveSignInPath(t: TestApp, email: string, template: 'executive-welcome' | 'executive-sign-in' = 'executive-welcome'): Promise<string> {
  const message = await latestEmail(t, email, template)
  const match = /http:\/\/localhost:3000(\/my-onboarding\/sign-in\/[A-Za-z0-9_-]{43})\b/.exec(message.text_body)
  assert.ok(match, `the ${template} email has a sign-in link`)
  return match[1]!
}
