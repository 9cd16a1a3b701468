// Fixtures for the board's side of the service: applications made through the service, the
// one-time links the service emails (read from the outbox, as the recipient would), applicant
// sign-in through those links, and a fingerprint of the database to prove that nothing changed.
import { offerConversationTimes } from '../../src/actions/conversations/offer-conversation-times.ts'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { Agent } from 'supertest'
import type { DataSource } from 'typeorm'
import { acceptOffer } from '../../src/actions/offer/accept-offer.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import type { ApplyAnswers } from '../../src/domain/application-answers.ts'
import { DECISION_ACTIONS, type DecisionInput } from '../../src/actions/decisions/index.ts'
import type { Decision } from '../../src/domain/decisions.ts'
import { sendExecutiveSignInLink } from '../../src/actions/my-onboarding/send-sign-in-link.ts'
import type { TestApp } from './app.ts'
import { csrfTokenFrom } from './forms.ts'
import { asSent, type StoredEmail } from './emails.ts'
import { keepAnswers } from '../../src/actions/apply/keep-answers.ts'
import { saveDraft } from '../../src/actions/apply/save-draft.ts'
import { submitApplication as submit } from '../../src/actions/apply/submit-application.ts'
import { sendSignInLink } from '../../src/actions/my-application/send-sign-in-link.ts'
import { APPLICANT } from '../../src/services/audit.ts'

/** Complete answers for a one-role (web developer) application; override what differs. */
export function applicationAnswers(overrides: Partial<ApplyAnswers> = {}): ApplyAnswers {
  return {
    roles: ['web-developer'],
    fullName: 'Ada Lovelace',
    email: 'ada@example.org',
    phone: '07700 900982',
    nhsEmployed: 'yes',
    organisation: 'Barts Health NHS Trust',
    jobTitle: 'Apprentice data analyst',
    careerStage: 'apprentice',
    hours: 'yes',
    motivation: 'I would love to help the community grow, and to learn HTML and CSS along the way.',
    skills: ['HTML/CSS', 'GitHub'],
    skillsOther: '',
    roleAnswers: { 'web-developer': { 'web-experience': 'My own site on GitHub Pages.' } },
    heardAbout: 'Slack',
    consent: true,
    equalityDone: true,
    ...overrides,
  }
}

export interface SubmittedApplication {
  id: string
  reference: string
  email: string
  fullName: string
  version: number
}

/** Submits an application through the service, as the form's last page does. */
export async function submitApplication(t: TestApp, overrides: Partial<ApplyAnswers> = {}): Promise<SubmittedApplication> {
  const answers = applicationAnswers(overrides)
  const { reference } = await t.services.act(submit, { submissionKey: randomUUID(), answers }, APPLICANT)
  return applicationByReference(t, reference)
}

export async function applicationByReference(t: TestApp, reference: string): Promise<SubmittedApplication> {
  const rows: { id: string; reference: string; email: string; full_name: string; version: number }[] = await t.database.dataSource.query(
    `SELECT "id", "reference", "email", "full_name", "version" FROM "applications" WHERE "reference" = $1`,
    [reference],
  )
  const row = rows[0]
  assert.ok(row, `application ${reference} exists`)
  return { id: row.id, reference: row.reference, email: row.email, fullName: row.full_name, version: row.version }
}

const TOKEN = '([A-Za-z0-9_-]{43})'

/**
 * The one-time token in an emailed link `…<path>/<token>`, from the newest matching email in the
 * outbox (by its idempotency key, or by recipient and template) as the worker would send it.
 */
export async function tokenFromEmail(
  dataSource: DataSource,
  which: { key: string } | { recipient: string; template: string },
  path: string,
): Promise<string> {
  const rows: StoredEmail[] =
    'key' in which
      ? await dataSource.query(`SELECT "subject", "html", "text_body", "link_tokens" FROM "email_messages" WHERE "key" = $1`, [which.key])
      : await dataSource.query(
          `SELECT "subject", "html", "text_body", "link_tokens" FROM "email_messages" WHERE "recipient" = $1 AND "template" = $2 ORDER BY "created_at" DESC LIMIT 1`,
          [which.recipient, which.template],
        )
  const sent = rows[0] ? asSent(rows[0]) : null
  const token = new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${TOKEN}`).exec(sent?.text_body ?? '')?.[1]
  assert.ok(token, `an email (${JSON.stringify(which)}) with a link to ${path}/…`)
  return token
}

/** A fresh applicant sign-in link for `email`, asked for through the service; returns its token. */
export async function applicantSignInToken(t: TestApp, email: string): Promise<string> {
  await t.services.act(sendSignInLink, { email }, APPLICANT)
  return tokenFromEmail(t.database.dataSource, { recipient: email, template: 'applicant-sign-in' }, '/my-application/sign-in')
}

/**
 * Signs an agent in at /my-application with the emailed one-time link: asked for on the page
 * itself (`via: 'form'`) or through the service, then opened and confirmed as the applicant would.
 */
export async function signInApplicant(t: TestApp, agent: Agent, email: string, via: 'form' | 'service' = 'service'): Promise<void> {
  let token: string
  if (via === 'form') {
    const page = await agent.get('/my-application').expect(200)
    await agent.post('/my-application').type('form').send({ _csrf: csrfTokenFrom(page), email }).expect(303).expect('Location', '/my-application/check-email')
    token = await tokenFromEmail(t.database.dataSource, { recipient: email, template: 'applicant-sign-in' }, '/my-application/sign-in')
  } else {
    token = await applicantSignInToken(t, email)
  }
  const page = await agent.get(`/my-application/sign-in/${token}`).expect(200)
  await agent.post(`/my-application/sign-in/${token}`).type('form').send({ _csrf: csrfTokenFrom(page) }).expect(303).expect('Location', '/my-application')
}

/** A draft saved through the service ("Save and come back later"); returns its resume token. */
export async function draftResumeToken(t: TestApp, email: string): Promise<string> {
  const { form } = await t.services.act(keepAnswers, { key: undefined, values: { roles: ['web-developer'], fullName: 'Drafty McDraft', email }, pageDone: 'name' }, APPLICANT)
  await t.services.act(saveDraft, { draftId: form.id, email }, APPLICANT)
  return tokenFromEmail(t.database.dataSource, { recipient: email, template: 'application-draft-saved' }, '/apply/resume')
}

/** A board review stored directly (the score sheet itself is tested in the browser and route tests). */
export async function addBoardReview(t: TestApp, application: Pick<SubmittedApplication, 'id'>, reviewer: Pick<StaffUser, 'id'>, recommendation = 'appoint') {
  await t.database.dataSource.query(`INSERT INTO "reviews" ("application_id", "reviewer_id", "scores", "recommendation") VALUES ($1, $2, '{}', $3)`, [
    application.id,
    reviewer.id,
    recommendation,
  ])
}

/** A community manager's decision through the service, on the application as it is now. */
export async function decide(
  t: TestApp,
  reference: string,
  by: Pick<StaffUser, 'id'>,
  { decision, ...request }: Omit<DecisionInput, 'reference' | 'version'> & { decision: Exclude<Decision, 'invite_to_interview'> },
) {
  const { version } = await applicationByReference(t, reference)
  await t.services.act(DECISION_ACTIONS[decision], { reference, version, ...request }, { type: 'staff', id: by.id })
}

/** Two times offered a few days ahead by video, through the service (which makes the move to a conversation). */
export async function inviteToConversation(t: TestApp, reference: string, by: Pick<StaffUser, 'id'>) {
  const { version } = await applicationByReference(t, reference)
  const first = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000)
  first.setUTCHours(18, 30, 0, 0)
  const times = [0, 1].map((day) => {
    const startsAt = new Date(first.getTime() + day * 24 * 60 * 60 * 1000)
    return { startsAt, endsAt: new Date(startsAt.getTime() + 20 * 60 * 1000) }
  })
  const offer = { reference, version, times, how: 'video' as const, location: 'https://meet.example.org/pyc', note: '', boardMemberIds: [] }
  await t.services.act(offerConversationTimes, offer, { type: 'staff', id: by.id })
}

export interface OfferedApplication extends SubmittedApplication {
  /** The token in the offer email's accept and decline links. */
  offerToken: string
}

/**
 * An application taken through the whole review, through the services: two board reviews, then
 * shortlisted, invited to a conversation and offered its first-choice role.
 */
export async function offeredApplication(
  t: TestApp,
  people: { manager: Pick<StaffUser, 'id'>; reviewers: readonly Pick<StaffUser, 'id'>[] },
  overrides: Partial<ApplyAnswers> = {},
): Promise<OfferedApplication> {
  const application = await submitApplication(t, overrides)
  for (const reviewer of people.reviewers) await addBoardReview(t, application, reviewer)
  await decide(t, application.reference, people.manager, { decision: 'shortlist' })
  await inviteToConversation(t, application.reference, people.manager)
  const [choice]: { role_id: string }[] = await t.database.dataSource.query(
    `SELECT "role_id" FROM "application_roles" WHERE "application_id" = $1 ORDER BY "preference" LIMIT 1`,
    [application.id],
  )
  await decide(t, application.reference, people.manager, { decision: 'offer', roleId: choice!.role_id })
  const offerToken = await tokenFromEmail(t.database.dataSource, { recipient: application.email, template: 'offer' }, '/offer')
  return { ...(await applicationByReference(t, application.reference)), offerToken }
}

export interface NewExecutive {
  id: string
  email: string
  items: { id: string; owner: string; title: string }[]
}

/** An applicant who accepted their offer (through the service): an executive getting started. */
export async function newExecutive(t: TestApp, people: Parameters<typeof offeredApplication>[1], overrides: Partial<ApplyAnswers> = {}): Promise<NewExecutive> {
  const offered = await offeredApplication(t, people, overrides)
  const result = await t.services.act(acceptOffer, { token: offered.offerToken }, APPLICANT)
  assert.ok(result.done, 'the offer is accepted')
  const [executive]: { id: string; email: string }[] = await t.database.dataSource.query(
    `SELECT "id", "email" FROM "executives" WHERE "application_id" = $1`,
    [offered.id],
  )
  assert.ok(executive, 'accepting the offer made an executive')
  const items: { id: string; owner: string; title: string }[] = await t.database.dataSource.query(
    `SELECT "id", "owner", "title" FROM "onboarding_items" WHERE "executive_id" = $1 ORDER BY "position"`,
    [executive.id],
  )
  return { id: executive.id, email: executive.email, items }
}

/** A fresh link to /my-onboarding for an executive, through the service; returns its token. */
export async function executiveSignInToken(t: TestApp, email: string): Promise<string> {
  await t.services.act(sendExecutiveSignInLink, { email }, { type: 'executive', id: null })
  return tokenFromEmail(t.database.dataSource, { recipient: email, template: 'executive-sign-in' }, '/my-onboarding/sign-in')
}

/** Signs an agent in at /my-onboarding with an emailed link, as the new executive would. */
export async function signInExecutive(t: TestApp, agent: Agent, email: string): Promise<void> {
  const token = await executiveSignInToken(t, email)
  const page = await agent.get(`/my-onboarding/sign-in/${token}`).expect(200)
  await agent.post(`/my-onboarding/sign-in/${token}`).type('form').send({ _csrf: csrfTokenFrom(page) }).expect(303).expect('Location', '/my-onboarding')
}

/** Tables whose changes are not the application's data: sessions and rate-limit counters. */
const NOT_DATA = new Set(['sessions', 'rate_limit_hits', 'migrations', 'worker_heartbeats'])

export interface TableFingerprint {
  rows: number
  /** max(updated_at) where the table has the column. */
  lastUpdated: string | null
  /** An md5 of every row, so that an UPDATE that leaves updated_at alone still shows. */
  checksum: string
}

/**
 * Every data table's row count, latest updated_at and a checksum of its rows, plus the number of
 * queued jobs: two equal fingerprints mean nothing in the database changed in between.
 */
export async function databaseFingerprint(dataSource: DataSource): Promise<Record<string, TableFingerprint>> {
  const tables: { table_name: string; has_updated_at: boolean }[] = await dataSource.query(
    `SELECT t."table_name",
            EXISTS (SELECT 1 FROM information_schema.columns c
                    WHERE c."table_schema" = 'public' AND c."table_name" = t."table_name" AND c."column_name" = 'updated_at') AS "has_updated_at"
     FROM information_schema.tables t
     WHERE t."table_schema" = 'public' AND t."table_type" = 'BASE TABLE'
     ORDER BY t."table_name"`,
  )
  const fingerprint: Record<string, TableFingerprint> = {}
  for (const { table_name: table, has_updated_at: hasUpdatedAt } of tables) {
    if (NOT_DATA.has(table)) continue
    const [row]: { rows: string; last_updated: Date | null; checksum: string | null }[] = await dataSource.query(
      `SELECT count(*) AS "rows", ${hasUpdatedAt ? 'max(x."updated_at")' : 'NULL::timestamptz'} AS "last_updated",
              md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS "checksum"
       FROM "${table}" x`,
    )
    fingerprint[table] = { rows: Number(row!.rows), lastUpdated: row!.last_updated?.toISOString() ?? null, checksum: row!.checksum ?? '' }
  }
  const [jobs]: { count: string }[] = await dataSource.query(`SELECT count(*) AS "count" FROM graphile_worker._private_jobs`)
  fingerprint['graphile_worker jobs'] = { rows: Number(jobs!.count), lastUpdated: null, checksum: '' }
  assert.ok(Object.keys(fingerprint).length > 5, 'the fingerprint covers the data tables')
  return fingerprint
}

/** The tables that differ between two fingerprints, with what changed, for a failure message. */
export function fingerprintChanges(before: Record<string, TableFingerprint>, after: Record<string, TableFingerprint>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]))
    .map((table) => `${table}: ${JSON.stringify(before[table])} -> ${JSON.stringify(after[table])}`)
}
