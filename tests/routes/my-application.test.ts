import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import request, { type Response } from 'supertest'
import { PgRateLimitStore, rateLimitWritesSettled } from '../../src/middleware/pg-rate-limit-store.ts'
import { LIMITS } from '../../src/domain/limits.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { completeApplication, validAnswers } from '../helpers/apply-journey.ts'
import { boardRecordsFor } from '../helpers/board-elections.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { asSent, type StoredEmail } from '../helpers/emails.ts'

type Agent = ReturnType<typeof request.agent>

const t = useTestApp()
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['staff_tokens', 'staff_users'] })
  await query(`DELETE FROM graphile_worker._private_jobs`)
  await query(`UPDATE roles SET status = 'open', closes_on = NULL`)
})

interface Person {
  fullName: string
  email: string
  /** Answers that differ from validAnswers (Ada's). */
  answers?: Record<string, Record<string, string | string[]>>
}
const ADA: Person = { fullName: 'Ada Lovelace', email: 'ada@example.org' }
const BOB: Person = {
  fullName: 'Bob Babbage',
  email: 'bob@example.org',
  answers: {
    phone: { phone: '07700 900111' },
    'nhs-employment': { nhsEmployed: 'yes', organisation: 'Leeds Teaching Hospitals', jobTitle: 'Data scientist' },
    motivation: { motivation: 'Difference engines are my passion and I want to share them.' },
    skills: { skills: ['GitHub'], skillsOther: 'Brass gears' },
    'questions/web-developer': { 'question-web-experience': 'A blog about engines.' },
  },
}

/** Applies through the real form and returns the reference. */
async function applyAs(person: Person): Promise<string> {
  const agent = request.agent(t.app)
  await completeApplication(agent, { ...validAnswers, ...person.answers, name: { fullName: person.fullName }, email: { email: person.email } })
  assert.equal((await submitForm(agent, '/apply/check')).status, 303)
  const confirmation = await agent.get('/apply/confirmation').expect(200)
  const reference = /PYC-[2-9A-Z]{4}-[2-9A-Z]{4}/.exec(confirmation.text)?.[0]
  assert.ok(reference)
  return reference
}

async function askForLink(agent: Agent, email: string): Promise<Response> {
  return submitForm(agent, '/my-application', { email })
}

/** The raw token in the newest sign-in email to `email`, as sent. */
async function tokenFromEmail(email: string): Promise<string> {
  const rows = await query<StoredEmail>(
    `SELECT subject, text_body, html, link_tokens FROM email_messages WHERE recipient = $1 AND template = 'applicant-sign-in' ORDER BY created_at DESC LIMIT 1`,
    [email],
  )
  const sent = rows[0] ? asSent(rows[0]) : null
  const token = /http:\/\/localhost:3000\/my-application\/sign-in\/([A-Za-z0-9_-]{43})\b/.exec(sent?.text_body ?? '')?.[1]
  assert.ok(token, 'the email has the sign-in link')
  return token
}

async function signIn(agent: Agent, email: string): Promise<Response> {
  assert.equal((await askForLink(agent, email)).status, 303)
  const token = await tokenFromEmail(email)
  return submitForm(agent, `/my-application/sign-in/${token}`)
}

function sessionIdFrom(response: Response): string | null {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? [])
  const value = cookies.map((cookie) => /^session=([^;]*)/.exec(cookie)?.[1]).find(Boolean)
  if (!value) return null
  const decoded = decodeURIComponent(value) // s:<sid>.<signature>
  return decoded.slice(2, decoded.lastIndexOf('.'))
}

const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/name="_csrf" value="[^"]*"/g, '')

describe('asking for a sign-in link', () => {
  it('shows the email question, and re-shows it with errors and what was typed', async () => {
    const agent = request.agent(t.app)
    const page = await agent.get('/my-application').expect(200)
    assert.match(page.text, /<title>What email address did you apply with\?/)
    const response = await agent.post('/my-application').type('form').send({ _csrf: csrfTokenFrom(page), email: 'not an address' }).expect(400)
    assert.match(response.text, /<title>Error: What email address did you apply with\?/)
    assert.match(response.text, /nhsuk-error-summary/)
    assert.match(response.text, /href="#email"/)
    assert.match(response.text, /value="not an address"/)
    const empty = await agent.post('/my-application').type('form').send({ _csrf: csrfTokenFrom(page), email: '' }).expect(400)
    assert.match(empty.text, /Enter your email address/)
    assert.equal((await query(`SELECT 1 FROM one_time_tokens`)).length, 0)
  })

  it('answers a known and an unknown address identically', async () => {
    await applyAs(ADA)
    const known = request.agent(t.app)
    const unknown = request.agent(t.app)
    const [knownPost, unknownPost] = [await askForLink(known, 'Ada@Example.org'), await askForLink(unknown, 'nobody@example.org')]

    const PER_REQUEST = ['date', 'set-cookie', 'x-request-id', 'content-security-policy', 'etag']
    const stable = (response: Response) =>
      Object.fromEntries(Object.entries(response.headers).filter(([name]) => !PER_REQUEST.includes(name.toLowerCase())))
    for (const [a, b] of [[knownPost, unknownPost]] as const) {
      assert.equal(a.status, 303)
      assert.equal(a.status, b.status)
      assert.equal(a.headers.location, '/my-application/check-email')
      assert.equal(a.headers.location, b.headers.location)
      assert.deepEqual(stable(a), stable(b))
      assert.equal(a.text, b.text)
      assert.deepEqual(Object.keys(a.headers).sort(), Object.keys(b.headers).sort())
    }
    const [knownPage, unknownPage] = [await known.get('/my-application/check-email'), await unknown.get('/my-application/check-email')]
    assert.equal(knownPage.status, 200)
    assert.equal(knownPage.status, unknownPage.status)
    assert.match(knownPage.text, /Check your email/)
    assert.equal(withoutNonces(knownPage.text), withoutNonces(unknownPage.text))
    assert.deepEqual(stable(knownPage), stable(unknownPage))

    // The same work either way: a token row and an email for each address; only the applicant's has a link.
    const tokens = await query<{ email: string }>(`SELECT email FROM one_time_tokens ORDER BY email`)
    assert.deepEqual(tokens.map((row) => row.email), ['ada@example.org', 'nobody@example.org'])
    const emails = await query<{ recipient: string; template: string; text_body: string }>(
      `SELECT recipient, template, text_body FROM email_messages WHERE template LIKE 'applicant-sign-in%' ORDER BY recipient`,
    )
    assert.deepEqual(emails.map((row) => [row.recipient, row.template]), [
      ['ada@example.org', 'applicant-sign-in'],
      ['nobody@example.org', 'applicant-sign-in-no-application'],
    ])
    assert.match(emails[0]!.text_body, /\/my-application\/sign-in\//)
    assert.doesNotMatch(emails[1]!.text_body, /sign-in\//)
    assert.match(emails[1]!.text_body, /We do not have an application for this email address/)
    const jobs = await query(`SELECT 1 FROM graphile_worker._private_jobs`)
    assert.ok(jobs.length >= 3, 'each email has its send job')
  })

  it('emails a link whose token is stored only as a hash, valid for 15 minutes', async () => {
    await applyAs(ADA)
    await askForLink(request.agent(t.app), ADA.email)
    const token = await tokenFromEmail(ADA.email)
    const rows = await query<{ token_hash: string; minutes: number; purpose: string; row: string }>(
      `SELECT token_hash, purpose, round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes, t::text AS row FROM one_time_tokens t`,
    )
    assert.equal(rows.length, 1)
    assert.equal(rows[0]!.token_hash, createHash('sha256').update(token).digest('hex'))
    assert.equal(rows[0]!.purpose, 'applicant-sign-in')
    assert.equal(rows[0]!.minutes, 15)
    assert.ok(!rows[0]!.row.includes(token), 'the raw token is nowhere in one_time_tokens')
  })
})

describe('signing in with the link', () => {
  it('shows a Sign in button on GET (using nothing up), signs in once on POST, with a new session id', async () => {
    const reference = await applyAs(ADA)
    const agent = request.agent(t.app)
    // A session that existed before signing in (made here by "Apply for this role") must not
    // survive it.
    const before = sessionIdFrom(await agent.get('/apply?role=web-developer').expect(303))
    assert.ok(before)
    await askForLink(agent, ADA.email)
    const token = await tokenFromEmail(ADA.email)

    const page = await agent.get(`/my-application/sign-in/${token}`).expect(200)
    assert.match(page.text, />\s*Sign in\s*</)
    assert.match(page.text, new RegExp(`action="/my-application/sign-in/${token}"`))
    await agent.get(`/my-application/sign-in/${token}`).expect(200) // a scanner's second look changes nothing
    assert.equal((await query(`SELECT 1 FROM one_time_tokens WHERE used_at IS NULL`)).length, 1)

    const signedIn = await agent.post(`/my-application/sign-in/${token}`).type('form').send({ _csrf: csrfTokenFrom(page) }).expect(303)
    assert.equal(signedIn.headers.location, '/my-application')
    const afterId = sessionIdFrom(signedIn)
    assert.ok(afterId)
    assert.notEqual(afterId, before, 'the session id changes at sign-in')
    assert.equal((await query(`SELECT 1 FROM sessions WHERE sid = $1`, [before])).length, 0, 'the old session is gone')

    const mine = await agent.get('/my-application').expect(200)
    assert.match(mine.text, new RegExp(reference))
    assert.match(mine.text, /Received/)
    assert.equal(mine.headers['cache-control'], 'no-store')

    // Used once: the same link again (even with a valid form) gets the helpful page and changes nothing.
    const other = request.agent(t.app)
    const form = await other.get('/my-application').expect(200)
    const reused = await other.post(`/my-application/sign-in/${token}`).type('form').send({ _csrf: csrfTokenFrom(form) })
    assert.equal(reused.status, 410)
    assert.match(reused.text, /This link has expired or has already been used/)
    assert.match(reused.text, /href="\/my-application">Ask for a new link/)
    const reusedGet = await other.get(`/my-application/sign-in/${token}`)
    assert.equal(reusedGet.status, 410)
    assert.match((await other.get('/my-application')).text, /What email address did you apply with/)
  })

  it('refuses expired, altered and malformed links with the same helpful page, changing nothing', async () => {
    await applyAs(ADA)
    const agent = request.agent(t.app)
    await askForLink(agent, ADA.email)
    const token = await tokenFromEmail(ADA.email)
    const form = await agent.get('/my-application').expect(200)
    const csrf = csrfTokenFrom(form)
    const tokensBefore = await query(`SELECT id, used_at, expires_at FROM one_time_tokens ORDER BY id`)

    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    const cases: [string, number][] = [
      [altered, 410],
      ['not-a-token', 400],
      [`${token}x`, 400],
    ]
    for (const [candidate, status] of cases) {
      const get = await agent.get(`/my-application/sign-in/${candidate}`)
      assert.equal(get.status, status, `GET ${candidate}`)
      assert.match(get.text, /This link has expired or has already been used/)
      const post = await agent.post(`/my-application/sign-in/${candidate}`).type('form').send({ _csrf: csrf })
      assert.equal(post.status, status, `POST ${candidate}`)
      assert.match(post.text, /This link has expired or has already been used/)
    }

    await query(`UPDATE one_time_tokens SET expires_at = now() - interval '1 second'`)
    const expiredBefore = await query(`SELECT id, used_at, expires_at FROM one_time_tokens ORDER BY id`)
    const expiredGet = await agent.get(`/my-application/sign-in/${token}`)
    assert.equal(expiredGet.status, 410)
    const expiredPost = await agent.post(`/my-application/sign-in/${token}`).type('form').send({ _csrf: csrf })
    assert.equal(expiredPost.status, 410)
    assert.match(expiredPost.text, /This link has expired or has already been used/)

    assert.deepEqual(await query(`SELECT id, used_at, expires_at FROM one_time_tokens ORDER BY id`), expiredBefore)
    assert.equal(tokensBefore.length, 1)
    assert.equal((await query(`SELECT 1 FROM one_time_tokens WHERE used_at IS NOT NULL`)).length, 0)
    assert.match((await agent.get('/my-application')).text, /What email address did you apply with/)
  })

  it('lasts at most an hour, and signing out ends it', async () => {
    await applyAs(ADA)
    const agent = request.agent(t.app)
    const signedIn = await signIn(agent, ADA.email)
    const sid = sessionIdFrom(signedIn)
    assert.ok((await agent.get('/my-application')).text.includes('You are signed in as'))

    await query(`UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{applicantSignedInAt}', to_jsonb($2::bigint))::json WHERE sid = $1`, [
      sid,
      Date.now() - 61 * 60 * 1000,
    ])
    const expired = await agent.get('/my-application').expect(200)
    assert.match(expired.text, /What email address did you apply with/)
    assert.match(expired.text, /signed in more than an hour ago/)
    await agent.get('/my-application/delete').expect(303)

    await signIn(agent, ADA.email)
    const signedOut = await submitForm(agent, '/my-application/sign-out', {}, { from: '/my-application' })
    assert.equal(signedOut.status, 303)
    assert.equal(signedOut.headers.location, '/my-application/signed-out')
    assert.match(String(signedOut.headers['set-cookie']), /session=;.*Expires=Thu, 01 Jan 1970/, 'the browser forgets the cookie')
    await agent.get('/my-application/signed-out').expect(200)
    assert.match((await agent.get('/my-application')).text, /What email address did you apply with/)
  })
})

const LINKS_PER_ADDRESS = LIMITS.linkRequestsPerAddress.limit
const LINKS_PER_IP = LIMITS.linkRequestsPerIp.limit

describe('rate limits on sign-in links', () => {
  it(`sends at most ${LINKS_PER_ADDRESS} links to one address in 15 minutes, showing the same page`, async () => {
    await applyAs(ADA)
    const agent = request.agent(t.app)
    const responses: Response[] = []
    for (let i = 0; i < LINKS_PER_ADDRESS + 2; i += 1) responses.push(await askForLink(agent, i % 2 ? 'ADA@example.org' : ADA.email))
    for (const response of responses) {
      assert.equal(response.status, 303)
      assert.equal(response.headers.location, '/my-application/check-email')
    }
    assert.equal((await query(`SELECT 1 FROM email_messages WHERE template = 'applicant-sign-in'`)).length, LINKS_PER_ADDRESS)
    assert.equal((await query(`SELECT 1 FROM one_time_tokens`)).length, LINKS_PER_ADDRESS)
    // The count is kept under a hash, never the address.
    assert.equal((await query(`SELECT 1 FROM rate_limit_hits WHERE key ILIKE '%ada%'`)).length, 0)
    // Another address is not affected.
    await askForLink(agent, 'someone@example.org')
    assert.equal((await query(`SELECT 1 FROM one_time_tokens WHERE email = 'someone@example.org'`)).length, 1)
  })

  it(`refuses more than ${LINKS_PER_IP} requests from one IP address in an hour with a 429 page`, async () => {
    const agent = request.agent(t.app)
    for (let i = 0; i < LINKS_PER_IP; i += 1) assert.equal((await askForLink(agent, `person${i}@example.org`)).status, 303)
    const limited = await askForLink(agent, 'one-more@example.org')
    assert.equal(limited.status, 429)
    assert.match(limited.text, /You have tried too many times/)
    assert.match(limited.text, /nhsuk-header/)
    const retryAfter = Number(limited.headers['retry-after'])
    assert.ok(retryAfter > 3500 && retryAfter <= 3600, `Retry-After ${retryAfter}: the rest of the hour`)
    assert.equal((await query(`SELECT 1 FROM one_time_tokens WHERE email = 'one-more@example.org'`)).length, 0)
  })

  it('the PostgreSQL store shares counts between instances and starts a new window when one ends', async () => {
    const db = t.database.dataSource.manager
    const first = new PgRateLimitStore(db, { prefix: 'test:', windowMs: 60_000 })
    const second = new PgRateLimitStore(db, { prefix: 'test:', windowMs: 60_000 })
    assert.equal((await first.increment('198.51.100.7')).totalHits, 1)
    assert.equal((await second.increment('198.51.100.7')).totalHits, 2)
    assert.equal((await first.get('198.51.100.7'))?.totalHits, 2)
    await second.decrement('198.51.100.7')
    assert.equal((await first.get('198.51.100.7'))?.totalHits, 1)
    assert.equal((await query(`SELECT 1 FROM rate_limit_hits WHERE key LIKE '%198.51%'`)).length, 0)
    await query(`UPDATE rate_limit_hits SET reset_at = now() - interval '1 second' WHERE key LIKE 'test:%'`)
    assert.equal(await first.get('198.51.100.7'), undefined)
    const fresh = await second.increment('198.51.100.7')
    assert.equal(fresh.totalHits, 1)
    assert.ok(fresh.resetTime && fresh.resetTime.getTime() > Date.now())
    await first.resetAll()
    assert.equal((await query(`SELECT 1 FROM rate_limit_hits WHERE key LIKE 'test:%'`)).length, 0)
  })

  it('lets a stop wait for a decrement still being written after the response', async () => {
    const db = t.database.dataSource
    const store = new PgRateLimitStore(db.manager, { prefix: 'stop:', windowMs: 60_000 })
    await store.increment('198.51.100.8')
    // Another transaction holds the row, so the decrement waits until it ends.
    const holder = db.createQueryRunner()
    await holder.connect()
    await holder.startTransaction()
    let written = false
    let settled = false
    let settling: Promise<unknown> = Promise.resolve()
    try {
      await holder.query(`SELECT 1 FROM rate_limit_hits WHERE starts_with(key, 'stop:') FOR UPDATE`)
      void store.decrement('198.51.100.8').then(() => (written = true))
      settling = rateLimitWritesSettled().then(() => (settled = true))
      await new Promise((resolve) => setTimeout(resolve, 200))
      assert.equal(settled, false, 'still waiting while the decrement is held up')
    } finally {
      await holder.commitTransaction()
      await holder.release()
    }
    await settling
    assert.ok(written && settled)
    assert.equal((await store.get('198.51.100.8'))?.totalHits, 0)
    await store.resetAll()
  })
})

describe('the applicant page', () => {
  it("lists only the applicant's own applications, newest first, and 404s another's reference", async () => {
    const older = await applyAs(ADA)
    const newer = await applyAs({ ...ADA, email: 'ADA@example.org' })
    const bobs = await applyAs(BOB)
    await query(`UPDATE applications SET submitted_at = now() - interval '3 days' WHERE reference = $1`, [older])
    await query(`UPDATE applications SET status = 'in_review' WHERE reference = $1`, [newer])

    const agent = request.agent(t.app)
    await signIn(agent, ADA.email)
    const page = await agent.get('/my-application').expect(200)
    assert.match(page.text, /<title>Your applications/)
    assert.ok(page.text.includes(older) && page.text.includes(newer))
    assert.ok(page.text.indexOf(newer) < page.text.indexOf(older), 'newest first')
    assert.ok(!page.text.includes(bobs), "another applicant's application is not shown")
    assert.match(page.text, /Being reviewed/)
    assert.match(page.text, /Members of the board are reading your application/)
    assert.ok(page.text.indexOf('Web developer') < page.text.indexOf('Content manager'), 'roles in order of preference')
    assert.match(page.text, new RegExp(`href="/my-application/${newer}/withdraw"`))

    const form = csrfTokenFrom(page)
    await agent.get(`/my-application/${bobs}/withdraw`).expect(404)
    await agent.post(`/my-application/${bobs}/withdraw`).type('form').send({ _csrf: form, version: '1' }).expect(404)
    await agent.get('/my-application/PYC-2222-2222/withdraw').expect(404)
    await agent.get('/my-application/not-a-reference/withdraw').expect(404)
    const [bob] = await query<{ status: string }>(`SELECT status FROM applications WHERE reference = $1`, [bobs])
    assert.equal(bob!.status, 'submitted')

    // Not signed in: sent to the email question.
    const stranger = request.agent(t.app)
    const redirected = await stranger.get(`/my-application/${older}/withdraw`).expect(303)
    assert.equal(redirected.headers.location, '/my-application')
  })

  it('never shows erased applications', async () => {
    const reference = await applyAs(ADA)
    const agent = request.agent(t.app)
    await signIn(agent, ADA.email)
    await query(`UPDATE applications SET erased_at = now() WHERE reference = $1`, [reference])
    const page = await agent.get('/my-application').expect(200)
    assert.ok(!page.text.includes(reference))
    assert.match(page.text, /We do not have any applications for this email address/)
  })
})

describe('withdrawing an application', () => {
  it('asks to confirm, withdraws in one transaction with an audit row and an email, and says so', async () => {
    const reference = await applyAs(ADA)
    const agent = request.agent(t.app)
    await signIn(agent, ADA.email)
    const confirm = await agent.get(`/my-application/${reference}/withdraw`).expect(200)
    assert.match(confirm.text, new RegExp(`Are you sure you want to withdraw application ${reference}\\?`))
    assert.match(confirm.text, /name="version" value="1"/)

    const withdrawn = await agent.post(`/my-application/${reference}/withdraw`).type('form').send({ _csrf: csrfTokenFrom(confirm), version: '1' }).expect(303)
    assert.equal(withdrawn.headers.location, `/my-application?withdrawn=${reference}`)
    const page = await agent.get(withdrawn.headers.location).expect(200)
    assert.match(page.text, /nhsuk-notification-banner--success/)
    assert.match(page.text, new RegExp(`You have withdrawn application ${reference}`))
    assert.match(page.text, />\s*Withdrawn\s*</)

    const [application] = await query<{ id: string; status: string; version: number }>(`SELECT id, status, version FROM applications WHERE reference = $1`, [reference])
    assert.equal(application!.status, 'withdrawn')
    assert.equal(application!.version, 2)
    const audit = await query<{ actor_type: string; from_status: string; to_status: string }>(
      `SELECT actor_type, from_status, to_status FROM audit_events WHERE subject_id = $1 AND action = 'application.withdrawn'`,
      [application!.id],
    )
    assert.deepEqual(audit, [{ actor_type: 'applicant', from_status: 'submitted', to_status: 'withdrawn' }])
    const emails = await query<{ recipient: string; subject: string; status: string }>(
      `SELECT recipient, subject, status FROM email_messages WHERE template = 'application-withdrawn'`,
    )
    assert.equal(emails.length, 1)
    assert.equal(emails[0]!.recipient, ADA.email)
    assert.ok(emails[0]!.subject.includes(reference))
    assert.equal(emails[0]!.status, 'queued')

    // Twice: a clear message, nothing more happens.
    const again = await agent.post(`/my-application/${reference}/withdraw`).type('form').send({ _csrf: csrfTokenFrom(confirm), version: '2' })
    assert.equal(again.status, 409)
    assert.match(again.text, new RegExp(`You have already withdrawn application ${reference}`))
    const replay = await agent.post(`/my-application/${reference}/withdraw`).type('form').send({ _csrf: csrfTokenFrom(confirm), version: '1' })
    assert.equal(replay.status, 409)
    assert.match(replay.text, /You have already withdrawn/)
    const view = await agent.get(`/my-application/${reference}/withdraw`).expect(200)
    assert.match(view.text, /You have already withdrawn/)
    assert.equal((await query(`SELECT 1 FROM audit_events WHERE action = 'application.withdrawn'`)).length, 1)
    assert.equal((await query(`SELECT 1 FROM email_messages WHERE template = 'application-withdrawn'`)).length, 1)
  })

  it('refuses a stale version without changing anything', async () => {
    const reference = await applyAs(ADA)
    const agent = request.agent(t.app)
    await signIn(agent, ADA.email)
    const confirm = await agent.get(`/my-application/${reference}/withdraw`).expect(200)
    await query(`UPDATE applications SET version = version + 1 WHERE reference = $1`, [reference])
    const response = await agent.post(`/my-application/${reference}/withdraw`).type('form').send({ _csrf: csrfTokenFrom(confirm), version: '1' })
    assert.equal(response.status, 409)
    assert.match(response.text, /changed while you were looking at it/)
    const [application] = await query<{ status: string; version: number }>(`SELECT status, version FROM applications WHERE reference = $1`, [reference])
    assert.deepEqual(application, { status: 'submitted', version: 2 })
    assert.equal((await query(`SELECT 1 FROM audit_events WHERE action = 'application.withdrawn'`)).length, 0)
    assert.equal((await query(`SELECT 1 FROM email_messages WHERE template = 'application-withdrawn'`)).length, 0)
    const missing = await agent.post(`/my-application/${reference}/withdraw`).type('form').send({ _csrf: csrfTokenFrom(confirm) })
    assert.equal(missing.status, 409)
  })

  it('explains that an application past the open stages cannot be withdrawn', async () => {
    const reference = await applyAs(ADA)
    await query(`UPDATE applications SET status = 'accepted' WHERE reference = $1`, [reference])
    const agent = request.agent(t.app)
    await signIn(agent, ADA.email)
    const page = await agent.get('/my-application').expect(200)
    assert.ok(!page.text.includes(`/my-application/${reference}/withdraw`))
    const view = await agent.get(`/my-application/${reference}/withdraw`).expect(200)
    assert.match(view.text, /can no longer be withdrawn\. Its status is now: Offer accepted/)
    const response = await agent.post(`/my-application/${reference}/withdraw`).type('form').send({ _csrf: csrfTokenFrom(page), version: '1' })
    assert.equal(response.status, 409)
    assert.match(response.text, /can no longer be withdrawn/)
    const [application] = await query<{ status: string }>(`SELECT status FROM applications WHERE reference = $1`, [reference])
    assert.equal(application!.status, 'accepted')
  })
})

describe('deleting my data', () => {
  it('erases everything personal at once, keeping the reference and a record of the erasure', async () => {
    const reference = await applyAs(ADA)
    const bobsReference = await applyAs(BOB)
    const bob = request.agent(t.app)
    await signIn(bob, BOB.email)
    // A sent email (kept, blanked), a saved draft, and a second signed-in browser.
    await query(`UPDATE email_messages SET status = 'sent', sent_at = now(), last_error = 'earlier: 451 <ada@example.org> try later' WHERE template = 'application-received' AND recipient = $1`, [ADA.email])
    await query(`INSERT INTO application_drafts (token_hash, email, answers, expires_at) VALUES ('x', $1, $2, now() + interval '1 day')`, [
      ADA.email,
      JSON.stringify({ fullName: ADA.fullName, email: ADA.email }),
    ])
    // Someone whose address merely contains Ada's keeps their draft.
    await query(`INSERT INTO application_drafts (token_hash, email, answers, expires_at) VALUES ('y', 'grada@example.org', $1, now() + interval '1 day')`, [
      JSON.stringify({ email: 'grada@example.org' }),
    ])
    const otherBrowser = request.agent(t.app)
    await signIn(otherBrowser, ADA.email)
    const agent = request.agent(t.app)
    await signIn(agent, ADA.email)
    await askForLink(request.agent(t.app), ADA.email) // an unsent sign-in email and its job
    const queued = await query<{ id: string }>(`SELECT id FROM email_messages WHERE recipient = $1 AND status = 'queued'`, [ADA.email])
    assert.ok(queued.length > 0)

    const confirm = await agent.get('/my-application/delete').expect(200)
    assert.match(confirm.text, /Are you sure you want to delete your information\?/)
    assert.match(confirm.text, /You cannot undo this/)
    const deleted = await agent.post('/my-application/delete').type('form').send({ _csrf: csrfTokenFrom(confirm) }).expect(303)
    assert.equal(deleted.headers.location, '/my-application/deleted')
    assert.match(String(deleted.headers['set-cookie']), /session=;/)
    const done = await agent.get('/my-application/deleted').expect(200)
    assert.match(done.text, /Your information has been deleted/)

    // Nothing personal is left in any column of these tables.
    const personal = [
      ADA.email,
      ADA.fullName,
      '07700 900982',
      'Barts Health NHS Trust',
      'Apprentice data analyst',
      'learn HTML and CSS',
      'A short course in Python',
      'My own site on GitHub Pages',
    ]
    for (const table of ['applications', 'application_roles', 'application_drafts', 'one_time_tokens', 'sessions', 'email_messages', 'audit_events']) {
      for (const value of personal) {
        // Case-insensitive, not preceded by a character an address could have (grada@... is someone else).
        const pattern = `(^|[^a-z0-9._+-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`
        const found = await query(`SELECT 1 FROM ${table} x WHERE x::text ~* $1`, [pattern])
        assert.equal(found.length, 0, `"${value}" is still in ${table}`)
      }
    }
    const jobs = await query(`SELECT 1 FROM graphile_worker._private_jobs WHERE key = ANY($1)`, [queued.map((row) => `send_email:${row.id}`)])
    assert.equal(jobs.length, 0, 'the queued emails will not be sent')
    const sent = await query<{ recipient: string; status: string }>(`SELECT recipient, status FROM email_messages WHERE template = 'application-received' AND status = 'sent'`)
    assert.ok(sent.some((row) => row.recipient === '[deleted]'), 'a sent email is kept as a blank record')

    const [application] = await query<{ id: string; status: string; erased_at: Date | null; email: string | null; skills: unknown }>(
      `SELECT id, status, erased_at, email, skills FROM applications WHERE reference = $1`,
      [reference],
    )
    assert.ok(application!.erased_at)
    assert.equal(application!.email, null)
    assert.equal(application!.status, 'withdrawn')
    assert.deepEqual(application!.skills, [])
    const answers = await query<{ answers: unknown }>(`SELECT answers FROM application_roles WHERE application_id = $1`, [application!.id])
    assert.ok(answers.length > 0)
    for (const row of answers) assert.deepEqual(row.answers, {})
    const audit = await query<{ action: string; note: string; from_status: string; to_status: string; actor_type: string }>(
      `SELECT action, note, from_status, to_status, actor_type FROM audit_events WHERE subject_id = $1 AND action = 'application.erased'`,
      [application!.id],
    )
    assert.deepEqual(audit, [
      { action: 'application.erased', note: "deleted at the applicant's request", from_status: 'submitted', to_status: 'withdrawn', actor_type: 'applicant' },
    ])

    // Both of Ada's browsers are signed out; Bob's data and session are untouched.
    assert.match((await agent.get('/my-application')).text, /What email address did you apply with/)
    assert.match((await otherBrowser.get('/my-application')).text, /What email address did you apply with/)
    const bobsPage = await bob.get('/my-application').expect(200)
    assert.ok(bobsPage.text.includes(bobsReference))
    assert.equal((await query(`SELECT 1 FROM application_drafts WHERE email = 'grada@example.org'`)).length, 1)
    const [bobs] = await query<{ email: string; full_name: string }>(`SELECT email, full_name FROM applications WHERE reference = $1`, [bobsReference])
    assert.deepEqual(bobs, { email: BOB.email, full_name: BOB.fullName })
  })

  it('erases the applicant’s board nominations and elector entries, keeping what a ballot already cast needs', async () => {
    await applyAs(ADA)
    const admin = (await query<{ id: string }>(`SELECT id FROM staff_users WHERE email = 'erasure.admin@example.org'`))[0] ??
      (await t.services.staff.create({ email: 'erasure.admin@example.org', name: 'Erin Admin', roles: ['admin'], password: 'correct horse battery staple' }, null))
    const { open, voting } = await boardRecordsFor(t, admin.id, ADA.email, ADA.fullName)
    await boardRecordsFor(t, admin.id, BOB.email, BOB.fullName)
    // Two uploads waiting to be confirmed: one with Ada among others, one with only Ada.
    await query(`INSERT INTO board_elector_uploads (round_id, emails, created_by) VALUES ($1, $2::text[], $3), ($1, $4::text[], NULL)`, [open.id, [ADA.email, 'x@example.org'], admin.id, [ADA.email]])
    const agent = request.agent(t.app)
    await signIn(agent, ADA.email)
    assert.equal((await submitForm(agent, '/my-application/delete')).status, 303)

    // Where nominations are still open, the nomination and the elector entry are gone.
    assert.deepEqual(await query(`SELECT 1 FROM board_nominations WHERE round_id = $1 AND full_name = $2`, [open.id, ADA.fullName]), [])
    assert.deepEqual((await query<{ email: string }>(`SELECT email FROM board_electors WHERE round_id = $1`, [open.id])), [])
    // Where voting has opened: the candidate keeps the name the ballot and the result show, not the
    // address or the statement; the elector entry keeps that a vote was cast, not the address or a link.
    const [candidate] = await query<{ id: string; full_name: string; email: string; statement: string; status: string }>(
      `SELECT id, full_name, email, statement, status FROM board_nominations WHERE round_id = $1`,
      [voting.id],
    )
    assert.deepEqual({ ...candidate, id: undefined }, { id: undefined, full_name: ADA.fullName, email: `erased-${candidate!.id}@erased.invalid`, statement: 'Erased at the candidate’s request.', status: 'published' })
    const electors = await query<{ email: string; voted: boolean; token_hash: string | null }>(`SELECT email, voted, token_hash FROM board_electors WHERE round_id = $1 ORDER BY voted DESC`, [voting.id])
    assert.match(electors[0]!.email, /^erased-[0-9a-f-]{36}@erased\.invalid$/)
    assert.deepEqual([electors[0]!.voted, electors[0]!.token_hash], [true, null])
    assert.deepEqual([electors[1]!.email, electors[1]!.voted], ['someone.else@example.org', false])
    assert.equal((await query(`SELECT 1 FROM board_ballots WHERE round_id = $1`, [voting.id])).length, 1, 'the vote still counts')
    assert.deepEqual(await query(`SELECT 1 FROM board_nominations WHERE lower(email) = $1 UNION ALL SELECT 1 FROM board_electors WHERE lower(email) = $1`, [ADA.email]), [])
    const [audit] = await query<{ note: string }>(`SELECT note FROM audit_events WHERE action = 'board-election.personal-data-erased'`)
    assert.equal(audit!.note, "2 nominations, 2 elector entries, at the person's request")
    assert.deepEqual((await query<{ emails: string[] }>(`SELECT emails FROM board_elector_uploads WHERE round_id = $1`, [open.id])).map((row) => row.emails), [['x@example.org']])
    // Bob's are untouched.
    assert.equal((await query(`SELECT 1 FROM board_nominations WHERE email = $1`, [BOB.email])).length, 2)
    assert.equal((await query(`SELECT 1 FROM board_electors WHERE email = $1`, [BOB.email])).length, 2)
  })

  it('needs a signed-in applicant', async () => {
    const agent = request.agent(t.app)
    const redirected = await agent.get('/my-application/delete').expect(303)
    assert.equal(redirected.headers.location, '/my-application')
    assert.equal((await submitForm(agent, '/my-application/delete', {}, { from: '/my-application' })).status, 303)
  })
})

describe('CSRF', () => {
  it('every POST refuses a missing or wrong token, changing nothing', async () => {
    const reference = await applyAs(ADA)
    const agent = request.agent(t.app)
    await askForLink(agent, ADA.email)
    const token = await tokenFromEmail(ADA.email)
    await agent.get(`/my-application/sign-in/${token}`).expect(200)
    for (const body of [{}, { _csrf: 'wrong' }]) {
      await agent.post('/my-application').type('form').send({ ...body, email: 'someone@example.org' }).expect(403)
      await agent.post(`/my-application/sign-in/${token}`).type('form').send(body).expect(403)
    }
    assert.equal((await query(`SELECT 1 FROM one_time_tokens WHERE email = 'someone@example.org'`)).length, 0)
    assert.equal((await query(`SELECT 1 FROM one_time_tokens WHERE used_at IS NOT NULL`)).length, 0)

    await signIn(agent, ADA.email)
    for (const body of [{}, { _csrf: 'wrong' }]) {
      await agent.post(`/my-application/${reference}/withdraw`).type('form').send({ ...body, version: '1' }).expect(403)
      await agent.post('/my-application/delete').type('form').send(body).expect(403)
      await agent.post('/my-application/sign-out').type('form').send(body).expect(403)
    }
    const [application] = await query<{ status: string; email: string }>(`SELECT status, email FROM applications WHERE reference = $1`, [reference])
    assert.deepEqual(application, { status: 'submitted', email: ADA.email })
    assert.ok((await agent.get('/my-application')).text.includes(reference), 'still signed in')
  })
})
