// Answering an offer from the links in the offer email: accept (the executive and their
// onboarding start) or decline, and every way a link can be wrong, each changing nothing.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import request, { type Response } from 'supertest'
import { COMMON_ITEMS_FIRST, COMMON_ITEMS_LAST, addOneYear } from '../../src/domain/onboarding.ts'
import { todayInLondon } from '../../src/services/role.service.ts'
import { roleSeeds } from '../../seeds/roles.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { executiveSignInPath, latestEmail, offerLinks, offerRole } from '../helpers/offers.ts'

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    otherManager: { name: 'Colin Manager', roles: ['community-manager', 'board-member'] },
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
  },
})
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

const ADA = { fullName: 'Ada Lovelace', email: 'ada@example.org', organisation: 'Barts Health NHS Trust' }
/** Offers Ada the web developer role, reviewed by Bea and Ben and decided by Cora. */
const offerToAda = () => offerRole(t, ADA, t.staff.manager, [t.staff.bea, t.staff.ben])

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['application_drafts', 'equality_responses', 'staff_tokens', 'staff_users'] })
})

/** Everything an answer could change, to show that a refused one changed nothing. */
async function snapshot() {
  const [counts] = await query(
    `SELECT (SELECT count(*) FROM executives)::int AS executives,
            (SELECT count(*) FROM onboarding_items)::int AS items,
            (SELECT count(*) FROM email_messages)::int AS emails,
            (SELECT count(*) FROM audit_events)::int AS audit,
            (SELECT count(*) FROM one_time_tokens)::int AS tokens`,
  )
  const applications = await query(`SELECT id, status, version FROM applications ORDER BY id`)
  const links = await query(`SELECT id, response, responded_at FROM offer_links ORDER BY id`)
  return { counts, applications, links }
}

/** GETs a link's page, then sends its form as a browser would. */
async function answer(path: string): Promise<{ page: Response; response: Response }> {
  const agent = request.agent(t.app)
  const page = await agent.get(path)
  assert.equal(page.status, 200, `GET ${path}`)
  const response = await agent.post(path).type('form').send({ _csrf: csrfTokenFrom(page) })
  return { page, response }
}

/** A POST with a valid CSRF token (from another page of the same session) to a link that cannot act. */
async function postWithoutPage(path: string): Promise<Response> {
  const agent = request.agent(t.app)
  const page = await agent.get('/my-onboarding').expect(200)
  return agent.post(path).type('form').send({ _csrf: csrfTokenFrom(page) })
}

describe('the offer email', () => {
  it('has accept and decline links with a one-time token, of which only the hash is kept, valid for 14 days', async () => {
    const { applicationId } = await offerToAda()
    const { token } = await offerLinks(t, ADA.email)
    const offer = await latestEmail(t, ADA.email, 'offer')
    assert.match(offer.text_body, /Welcome aboard!/)
    assert.doesNotMatch(offer.text_body, /\/my-application\b/, 'no placeholder link')
    const [link] = await query<{ token_hash: string; days: number }>(
      `SELECT token_hash, round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM offer_links WHERE application_id = $1`,
      [applicationId],
    )
    assert.equal(link!.token_hash, createHash('sha256').update(token).digest('hex'))
    assert.equal(link!.days, 14)
    assert.equal((await query(`SELECT 1 FROM offer_links WHERE token_hash = $1`, [token])).length, 0, 'the raw token is not stored')
  })
})

describe('accepting an offer', () => {
  it('from the email: a confirmation page (GET changes nothing), then the executive, their checklist and onboarding, in one go', async () => {
    const { applicationId, reference } = await offerToAda()
    const { accept, decline } = await offerLinks(t, ADA.email)
    const before = await snapshot()

    // A mail scanner following both links, several times, changes nothing.
    for (const path of [accept, decline, accept]) {
      const page = await request(t.app).get(path).expect(200)
      assert.equal(page.headers['cache-control'], 'no-store')
    }
    assert.deepEqual(await snapshot(), before)

    const { page, response } = await answer(accept)
    assert.match(page.text, /<h1[^>]*>Accept the offer of the Web developer role<\/h1>/)
    assert.match(page.text, /Decline the offer instead/)
    assert.equal(response.status, 303)
    assert.equal(response.headers.location, `${accept.replace(/accept$/, 'accepted')}`)
    const done = await request(t.app).get(response.headers.location!).expect(200)
    assert.match(done.text, /Offer accepted/)
    assert.match(done.text, /We have sent you an email with a link to your getting-started checklist/)

    const [application] = await query<{ status: string }>(`SELECT status FROM applications WHERE id = $1`, [applicationId])
    assert.equal(application!.status, 'onboarding')
    const [executive] = await query<Record<string, unknown>>(
      `SELECT e.name, e.email, e.organisation, e.status, e.starts_on::text, e.term_ends_on::text, e.show_on_team, r.slug
       FROM executives e JOIN roles r ON r.id = e.role_id WHERE e.application_id = $1`,
      [applicationId],
    )
    const today = todayInLondon()
    assert.deepEqual(executive, {
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      organisation: 'Barts Health NHS Trust',
      status: 'onboarding',
      starts_on: today,
      term_ends_on: addOneYear(today),
      show_on_team: false,
      slug: 'web-developer',
    })
    const template = roleSeeds.find((role) => role.slug === 'web-developer')!.checklistTemplate
    const [counted] = await query<{ items: number }>(`SELECT count(*)::int AS items FROM onboarding_items`)
    assert.equal(counted!.items, COMMON_ITEMS_FIRST.length + template.length + COMMON_ITEMS_LAST.length)

    const audit = await query<{ action: string; actor_type: string; from_status: string | null; to_status: string | null }>(
      `SELECT action, actor_type, from_status, to_status FROM audit_events WHERE action NOT LIKE 'staff.%' ORDER BY id`,
    )
    const answered = audit.slice(audit.findIndex((row) => row.action === 'application.accept_offer'))
    assert.deepEqual(
      answered.map((row) => [row.action, row.actor_type, row.from_status, row.to_status]),
      [
        ['application.accept_offer', 'applicant', 'offered', 'accepted'],
        ['executive.created', 'applicant', null, 'onboarding'],
        ['application.start_onboarding', 'system', 'accepted', 'onboarding'],
      ],
    )

    // The community managers hear, and the new executive is welcomed with a link to their checklist.
    const toManagers = await query<{ recipient: string; subject: string; text_body: string }>(
      `SELECT recipient, subject, text_body FROM email_messages WHERE template = 'offer-accepted' ORDER BY recipient`,
    )
    assert.deepEqual(toManagers.map((email) => email.recipient).sort(), [t.staff.manager.email, t.staff.otherManager.email].sort())
    assert.match(toManagers[0]!.subject, /Ada Lovelace accepted the Web developer role: onboarding starts/)
    assert.match(toManagers[0]!.text_body, new RegExp(reference))
    assert.match(toManagers[0]!.text_body, /http:\/\/localhost:3000\/onboarding\/[0-9a-f-]{36}/)
    const welcome = await latestEmail(t, ADA.email, 'executive-welcome')
    assert.match(welcome.text_body, /Join the community’s Slack workspace/)
    assert.doesNotMatch(welcome.text_body, /Welcome call with the community manager/, 'only their own items are listed')
    const signIn = await executiveSignInPath(t, ADA.email)
    const [token] = await query<{ days: number }>(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM one_time_tokens WHERE purpose = 'executive-sign-in'`,
    )
    assert.equal(token!.days, 7, 'the welcome link works for 7 days')
    await request(t.app).get(signIn).expect(200)
  })

  it('a second click, or the decline link afterwards, shows the answer already recorded and changes nothing', async () => {
    await offerToAda()
    const { accept, decline } = await offerLinks(t, ADA.email)
    assert.equal((await answer(accept)).response.status, 303)
    const after = await snapshot()

    const again = await request(t.app).get(accept).expect(200)
    assert.match(again.text, /You have already accepted this offer/)
    assert.ok(!again.text.includes(`action="${accept}"`), 'no form to answer again')
    const other = await request(t.app).get(decline).expect(200)
    assert.match(other.text, /You have already accepted this offer/)
    for (const path of [accept, decline]) {
      const posted = await postWithoutPage(path)
      assert.equal(posted.status, 409)
      assert.match(posted.text, /You have already accepted this offer/)
    }
    assert.deepEqual(await snapshot(), after)
  })

  it('two answers sent at the same moment: one is recorded, the other is told what was', async () => {
    await offerToAda()
    const { accept, decline } = await offerLinks(t, ADA.email)
    const acceptAgent = request.agent(t.app)
    const declineAgent = request.agent(t.app)
    const [acceptPage, declinePage] = await Promise.all([acceptAgent.get(accept), declineAgent.get(decline)])
    const [accepted, declined] = await Promise.all([
      acceptAgent.post(accept).type('form').send({ _csrf: csrfTokenFrom(acceptPage) }),
      declineAgent.post(decline).type('form').send({ _csrf: csrfTokenFrom(declinePage) }),
    ])
    assert.deepEqual([accepted.status, declined.status].sort(), [303, 409])
    const [{ status, executives }] = await query<{ status: string; executives: number }>(
      `SELECT status, (SELECT count(*)::int FROM executives) AS executives FROM applications`,
    ) as [{ status: string; executives: number }]
    if (accepted.status === 303) assert.deepEqual([status, executives], ['onboarding', 1])
    else assert.deepEqual([status, executives], ['declined', 0])
    assert.equal((await query(`SELECT 1 FROM email_messages WHERE template IN ('offer-accepted', 'offer-declined')`)).length, 2, 'one email per manager')
  })
})

describe('declining an offer', () => {
  it('from the email: a confirmation page, then the application is declined and the community managers are told', async () => {
    const { applicationId, reference } = await offerToAda()
    const { accept, decline } = await offerLinks(t, ADA.email)
    const { page, response } = await answer(decline)
    assert.match(page.text, /<h1[^>]*>Decline the offer of the Web developer role<\/h1>/)
    assert.match(page.text, /nhsuk-button--warning/)
    assert.equal(response.status, 303)
    const done = await request(t.app).get(response.headers.location!).expect(200)
    assert.match(done.text, /Offer declined/)

    const [application] = await query<{ status: string }>(`SELECT status FROM applications WHERE id = $1`, [applicationId])
    assert.equal(application!.status, 'declined')
    assert.equal((await query(`SELECT 1 FROM executives`)).length, 0)
    const emails = await query<{ recipient: string; text_body: string }>(`SELECT recipient, text_body FROM email_messages WHERE template = 'offer-declined'`)
    assert.deepEqual(emails.map((email) => email.recipient).sort(), [t.staff.manager.email, t.staff.otherManager.email].sort())
    assert.match(emails[0]!.text_body, new RegExp(`declined the offer of the Web developer role \\(application ${reference}\\)`))
    const [audit] = await query<{ actor_type: string; to_status: string }>(`SELECT actor_type, to_status FROM audit_events WHERE action = 'application.decline_offer'`)
    assert.deepEqual(audit, { actor_type: 'applicant', to_status: 'declined' })

    // Then accepting is refused, and nothing changes.
    const after = await snapshot()
    const later = await request(t.app).get(accept).expect(200)
    assert.match(later.text, /You have already declined this offer/)
    assert.equal((await postWithoutPage(accept)).status, 409)
    assert.equal((await postWithoutPage(decline)).status, 409)
    assert.deepEqual(await snapshot(), after)
  })
})

describe('links that cannot be used', () => {
  it('an expired link explains how to get in touch, and changes nothing', async () => {
    const { reference } = await offerToAda()
    const { accept, decline } = await offerLinks(t, ADA.email)
    await query(`UPDATE offer_links SET expires_at = now() - interval '1 minute'`)
    const before = await snapshot()
    for (const path of [accept, decline]) {
      const page = await request(t.app).get(path).expect(410)
      assert.match(page.text, /This offer link has expired/)
      assert.match(page.text, /mailto:/)
      assert.match(page.text, new RegExp(reference))
      assert.equal((await postWithoutPage(path)).status, 410)
    }
    assert.deepEqual(await snapshot(), before)
  })

  it('a tampered or malformed link gets a helpful page, and changes nothing', async () => {
    await offerToAda()
    const { token } = await offerLinks(t, ADA.email)
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    const before = await snapshot()
    for (const [path, status] of [
      [`/offer/${tampered}/accept`, 404],
      [`/offer/${tampered}/decline`, 404],
      [`/offer/${token.slice(0, 20)}/accept`, 400],
      [`/offer/${token}x/decline`, 400],
    ] as const) {
      const page = await request(t.app).get(path).expect(status)
      assert.match(page.text, /This link does not work/)
      assert.match(page.text, /Check that you used the whole link/)
      assert.equal((await postWithoutPage(path)).status, status)
    }
    assert.deepEqual(await snapshot(), before)
  })

  it('an offer that closed another way (withdrawn) cannot be answered', async () => {
    const { applicationId } = await offerToAda()
    const { accept } = await offerLinks(t, ADA.email)
    await query(`UPDATE applications SET status = 'withdrawn', version = version + 1 WHERE id = $1`, [applicationId])
    const before = await snapshot()
    const page = await request(t.app).get(accept).expect(200)
    assert.match(page.text, /This offer is no longer open/)
    assert.equal((await postWithoutPage(accept)).status, 409)
    assert.deepEqual(await snapshot(), before)
  })

  it('every POST needs the CSRF token', async () => {
    await offerToAda()
    const { accept } = await offerLinks(t, ADA.email)
    const before = await snapshot()
    await request(t.app).post(accept).type('form').send({}).expect(403)
    assert.deepEqual(await snapshot(), before)
  })
})
