// A new executive's onboarding: the checklist made on acceptance, who may tick what, the move to
// active, the community managers' page with its optimistic locking, terms, and the team page.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request, { type Response } from 'supertest'
import { acceptOffer } from '../../src/actions/offer/accept-offer.ts'
import { endFinishedTerms } from '../../src/actions/onboarding/end-finished-terms.ts'
import { sendTermReminders } from '../../src/actions/onboarding/send-term-reminders.ts'
import { addDays } from '../../src/domain/onboarding.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { LIMITS } from '../../src/domain/limits.ts'

const LINKS_PER_ADDRESS = LIMITS.linkRequestsPerAddress.limit
import { APPLICANT, SYSTEM } from '../../src/services/audit.ts'
import { todayInLondon } from '../../src/services/role.service.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { executiveSignInPath, latestEmail, offerLinks, offerRole, type Applicant } from '../helpers/offers.ts'
import { signIn } from '../helpers/staff.ts'

type Agent = ReturnType<typeof request.agent>

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    otherManager: { name: 'Colin Manager', roles: ['community-manager'] },
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
    admin: { name: 'Ada Admin', roles: ['admin'] },
  },
})
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

const ADA: Applicant = { fullName: 'Ada Lovelace', email: 'ada@example.org', roleSlug: 'web-developer', organisation: 'Barts Health NHS Trust' }
const MARY: Applicant = { fullName: 'Mary Seacole', email: 'mary@example.org', roleSlug: 'events-manager' }

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['application_drafts', 'equality_responses', 'staff_tokens', 'staff_users'] })
  await query(`UPDATE staff_users SET show_on_team = false, team_bio = NULL, team_organisation = NULL, board_term_ends_on = NULL`)
})

interface ItemRow {
  id: string
  key: string | null
  title: string
  owner: string
  due_on: string
  position: number
  done: boolean
  done_by_type: string | null
}

/** Offers the role and accepts it through the offer link: the executive exists and is onboarding. */
async function newExecutive(person: Applicant): Promise<{ id: string; applicationId: string }> {
  const { applicationId } = await offerRole(t, person, t.staff.manager, [t.staff.bea, t.staff.ben])
  const { token } = await offerLinks(t, person.email)
  assert.equal((await t.services.act(acceptOffer, { token }, APPLICANT)).done, true)
  const [row] = await query<{ id: string }>(`SELECT id FROM executives WHERE application_id = $1`, [applicationId])
  return { id: row!.id, applicationId }
}

function items(executiveId: string): Promise<ItemRow[]> {
  return query<ItemRow>(
    `SELECT id, key, title, owner, due_on::text, position, done_at IS NOT NULL AS done, done_by_type FROM onboarding_items WHERE executive_id = $1 ORDER BY position`,
    [executiveId],
  )
}

async function executiveRow(id: string) {
  const [row] = await query<{ status: string; version: number; term_ends_on: string; handover_notes: string | null; term_reminder_sent_at: Date | null; show_on_team: boolean; bio: string | null }>(
    `SELECT status, version, term_ends_on::text, handover_notes, term_reminder_sent_at, show_on_team, bio FROM executives WHERE id = $1`,
    [id],
  )
  return row!
}

/** Signs in with the link in the welcome email, through the button page. */
async function signInAsExecutive(email: string): Promise<Agent> {
  const path = await executiveSignInPath(t, email)
  const agent = request.agent(t.app)
  const signedIn = await submitForm(agent, path)
  assert.equal(signedIn.status, 303)
  assert.equal(signedIn.headers.location, '/my-onboarding')
  return agent
}

async function signedInStaff(user: StaffUser): Promise<Agent> {
  const agent = request.agent(t.app)
  assert.equal((await signIn(agent, user)).status, 303)
  return agent
}

/** Sends a tick (or untick) form, with the CSRF token from `from`, the page it is on. */
async function tick(agent: Agent, from: string, action: string, done: 'yes' | 'no' = 'yes'): Promise<Response> {
  return submitForm(agent, action, { done }, { from })
}

/** Sends a form with the version it shows (or `version`), as the browser would with the hidden field. */
async function submitVersioned(agent: Agent, path: string, fields: Record<string, string>, version?: string): Promise<Response> {
  const page = await agent.get(path).expect(200)
  const seen = version ?? /name="version" value="(-?\d+)"/.exec(page.text)?.[1] ?? ''
  return agent.post(path).type('form').send({ _csrf: csrfTokenFrom(page), version: seen, ...fields })
}

async function emailCount(template: string): Promise<number> {
  const [row] = await query<{ count: number }>(`SELECT count(*)::int AS count FROM email_messages WHERE template = $1`, [template])
  return row!.count
}

describe('the checklist', () => {
  it('is made from the role’s template plus the common items, in order, each due a number of days after the start', async () => {
    const { id } = await newExecutive(MARY)
    const today = todayInLondon()
    const rows = await items(id)
    assert.deepEqual(
      rows.map((row) => [row.position, row.key, row.owner, row.due_on, row.done]),
      [
        [1, 'welcome-call', 'community-manager', addDays(today, 7), false],
        [2, 'join-slack', 'executive', addDays(today, 7), false],
        [3, 'code-of-conduct', 'executive', addDays(today, 7), false],
        [4, 'events-platform', 'executive', addDays(today, 14), false],
        [5, 'analystx', 'executive', addDays(today, 14), false],
        [6, 'team-profile', 'executive', addDays(today, 14), false],
      ],
    )
    assert.equal(rows[0]!.title, 'Welcome call with the community manager')
    assert.equal(rows[2]!.title, 'Read the code of conduct')
    assert.equal(rows[5]!.title, 'Add a profile to the team page')

    const { id: adaId } = await newExecutive(ADA)
    const ada = await items(adaId)
    assert.ok(ada.some((row) => row.key === 'github-access'), 'the web developer’s own items')
    assert.deepEqual(
      ada.map((row) => row.position),
      ada.map((_, index) => index + 1),
    )

    const agent = await signedInStaff(t.staff.manager)
    const page = await agent.get(`/onboarding/${id}`).expect(200)
    assert.match(page.text, /0 of 6 done/)
  })
})

describe('the executive at /my-onboarding', () => {
  it('signs in once with the welcome link (the GET only shows a button) and sees their checklist', async () => {
    await newExecutive(ADA)
    const path = await executiveSignInPath(t, ADA.email)
    const agent = request.agent(t.app)
    const page = await agent.get(path).expect(200)
    assert.match(page.text, /Sign in to your getting-started checklist/)
    await agent.get(path).expect(200)
    const [token] = await query<{ used_at: Date | null }>(`SELECT used_at FROM one_time_tokens WHERE purpose = 'executive-sign-in'`)
    assert.equal(token!.used_at, null, 'a GET uses nothing up')
    await agent.post(path).type('form').send({ _csrf: csrfTokenFrom(page) }).expect(303)

    const checklist = await agent.get('/my-onboarding').expect(200)
    assert.equal(checklist.headers['cache-control'], 'no-store')
    assert.match(checklist.text, /Your getting-started checklist/)
    assert.match(checklist.text, /Welcome, Ada Lovelace/)
    assert.match(checklist.text, /0 of \d+ done/)
    assert.match(checklist.text, /The community manager does this/)
    const own = await items((await query<{ id: string }>(`SELECT id FROM executives`))[0]!.id)
    const welcomeCall = own.find((row) => row.key === 'welcome-call')!
    const slack = own.find((row) => row.key === 'join-slack')!
    assert.ok(checklist.text.includes(`action="/my-onboarding/items/${slack.id}"`))
    assert.ok(!checklist.text.includes(`action="/my-onboarding/items/${welcomeCall.id}"`), 'no button for the community manager’s item')

    // The link works once.
    const second = request.agent(t.app)
    const again = await second.get(path).expect(410)
    assert.match(again.text, /This link has expired or has already been used/)
  })

  it('ticks only their own executive items: a community manager’s item is refused (server-side), another executive’s is not found', async () => {
    const ada = await newExecutive(ADA)
    const mary = await newExecutive(MARY)
    const agent = await signInAsExecutive(ADA.email)
    const adaItems = await items(ada.id)
    const slack = adaItems.find((row) => row.key === 'join-slack')!
    const welcomeCall = adaItems.find((row) => row.key === 'welcome-call')!
    const marySlack = (await items(mary.id)).find((row) => row.key === 'join-slack')!

    const done = await tick(agent, '/my-onboarding', `/my-onboarding/items/${slack.id}`)
    assert.equal(done.status, 303)
    assert.deepEqual(
      (await items(ada.id)).filter((row) => row.done).map((row) => [row.key, row.done_by_type]),
      [['join-slack', 'executive']],
    )
    const flashed = await agent.get('/my-onboarding').expect(200)
    assert.match(flashed.text, /‘Join the community’s Slack workspace’ is marked as done/)
    assert.match(flashed.text, /1 of \d+ done/)

    const refused = await tick(agent, '/my-onboarding', `/my-onboarding/items/${welcomeCall.id}`)
    assert.equal(refused.status, 403)
    assert.match(refused.text, /The community manager does this item/)
    const notFound = await tick(agent, '/my-onboarding', `/my-onboarding/items/${marySlack.id}`)
    assert.equal(notFound.status, 404)
    await tick(agent, '/my-onboarding', '/my-onboarding/items/not-an-id').then((response) => assert.equal(response.status, 404))
    assert.equal((await items(ada.id)).filter((row) => row.done).length, 1)
    assert.equal((await items(mary.id)).filter((row) => row.done).length, 0)

    // Unticking, and sending the same tick twice, change only what was asked.
    assert.equal((await tick(agent, '/my-onboarding', `/my-onboarding/items/${slack.id}`, 'no')).status, 303)
    assert.equal((await tick(agent, '/my-onboarding', `/my-onboarding/items/${slack.id}`, 'no')).status, 303)
    assert.equal((await items(ada.id)).filter((row) => row.done).length, 0)
    assert.equal((await query(`SELECT 1 FROM audit_events WHERE action = 'onboarding.item-undone'`)).length, 1)
  })

  it('asks for a new link: the same answer for anyone, a 15-minute link for an executive, and a limit per address', async () => {
    await newExecutive(ADA)
    const ask = async (email: string) => {
      const agent = request.agent(t.app)
      const page = await agent.get('/my-onboarding').expect(200)
      assert.match(page.text, /What is your email address\?/)
      return agent.post('/my-onboarding').type('form').send({ _csrf: csrfTokenFrom(page), email })
    }
    const known = await ask('Ada@Example.org')
    const unknown = await ask('nobody@example.org')
    for (const response of [known, unknown]) {
      assert.equal(response.status, 303)
      assert.equal(response.headers.location, '/my-onboarding/check-email')
    }
    const toAda = await latestEmail(t, ADA.email, 'executive-sign-in')
    assert.match(toAda.text_body, /works once, for 15 minutes/)
    const toNobody = await latestEmail(t, 'nobody@example.org', 'executive-sign-in')
    assert.match(toNobody.text_body, /We could not find a checklist for this address/)
    assert.doesNotMatch(toNobody.text_body, /\/my-onboarding\/sign-in\//)
    const [minutes] = await query<{ minutes: number }>(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes FROM one_time_tokens WHERE email = $1 ORDER BY created_at DESC LIMIT 1`,
      [ADA.email],
    )
    assert.equal(minutes!.minutes, 15)

    const path = await executiveSignInPath(t, ADA.email, 'executive-sign-in')
    const agent = request.agent(t.app)
    assert.equal((await submitForm(agent, path)).status, 303)
    await agent.get('/my-onboarding').expect(200).expect(/Welcome, Ada Lovelace/)

    for (let i = 1; i < LINKS_PER_ADDRESS + 2; i += 1) assert.equal((await ask(ADA.email)).status, 303)
    const [sent] = await query<{ count: number }>(`SELECT count(*)::int AS count FROM email_messages WHERE recipient = $1 AND template = 'executive-sign-in'`, [ADA.email])
    assert.equal(sent!.count, LINKS_PER_ADDRESS, 'no more links once the limit is reached; the page is the same')

    const invalid = await ask('not an address')
    assert.equal(invalid.status, 400)
    assert.match(invalid.text, /<title>Error: /)
    assert.match(invalid.text, /value="not an address"/)
  })

  it('edits their team page profile: over 500 characters is refused and kept, a valid one is saved', async () => {
    const ada = await newExecutive(ADA)
    const agent = await signInAsExecutive(ADA.email)
    const long = 'x'.repeat(501)
    const refused = await submitVersioned(agent, '/my-onboarding/profile', { showOnTeam: 'yes', organisation: 'Barts', bio: long })
    assert.equal(refused.status, 400)
    assert.match(refused.text, /<title>Error: Your team page profile/)
    assert.match(refused.text, /About you must be 500 characters or fewer/)
    assert.ok(refused.text.includes(long), 'what was typed is kept')
    assert.equal((await executiveRow(ada.id)).bio, null)

    const saved = await submitVersioned(agent, '/my-onboarding/profile', { showOnTeam: 'yes', organisation: 'Barts Health', bio: 'I build websites.' })
    assert.equal(saved.status, 303)
    const row = await executiveRow(ada.id)
    assert.deepEqual([row.show_on_team, row.bio], [true, 'I build websites.'])
    const page = await agent.get('/my-onboarding').expect(200)
    assert.match(page.text, /You will be listed on the team page once you have finished getting started/)
  })

  it('is signed out once their term has ended', async () => {
    const ada = await newExecutive(ADA)
    const agent = await signInAsExecutive(ADA.email)
    const slack = (await items(ada.id)).find((row) => row.key === 'join-slack')!
    const page = await agent.get('/my-onboarding').expect(200)
    await query(`UPDATE executives SET status = 'ended'`)
    await agent.post(`/my-onboarding/items/${slack.id}`).type('form').send({ _csrf: csrfTokenFrom(page), done: 'yes' }).expect(303).expect('Location', '/my-onboarding')
    const after = await agent.get('/my-onboarding').expect(200)
    assert.match(after.text, /What is your email address\?/)
    assert.equal((await items(ada.id)).filter((row) => row.done).length, 0)
  })
})

describe('finishing onboarding', () => {
  it('the last item, whoever ticks it, makes the executive (and the application) active and emails the managers once', async () => {
    const ada = await newExecutive(ADA)
    const executive = await signInAsExecutive(ADA.email)
    const cm = await signedInStaff(t.staff.manager)
    const adaItems = await items(ada.id)
    const mine = adaItems.filter((row) => row.owner === 'executive')
    const theirs = adaItems.filter((row) => row.owner === 'community-manager')

    for (const item of theirs) assert.equal((await tick(cm, `/onboarding/${ada.id}`, `/onboarding/${ada.id}/items/${item.id}`)).status, 303)
    for (const item of mine.slice(0, -1)) assert.equal((await tick(executive, '/my-onboarding', `/my-onboarding/items/${item.id}`)).status, 303)
    assert.equal((await executiveRow(ada.id)).status, 'onboarding')
    assert.equal(await emailCount('onboarding-complete'), 0)

    assert.equal((await tick(executive, '/my-onboarding', `/my-onboarding/items/${mine.at(-1)!.id}`)).status, 303)
    const page = await executive.get('/my-onboarding').expect(200)
    assert.match(page.text, /you have finished getting started/i)
    assert.equal((await executiveRow(ada.id)).status, 'active')
    const [application] = await query<{ status: string }>(`SELECT status FROM applications WHERE id = $1`, [ada.applicationId])
    assert.equal(application!.status, 'active')
    const emails = await query<{ recipient: string; subject: string }>(`SELECT recipient, subject FROM email_messages WHERE template = 'onboarding-complete'`)
    assert.deepEqual(emails.map((email) => email.recipient).sort(), [t.staff.manager.email, t.staff.otherManager.email].sort())
    assert.match(emails[0]!.subject, /Ada Lovelace has finished getting started as Web developer/)
    const audit = await query<{ action: string; actor_type: string }>(
      `SELECT action, actor_type FROM audit_events WHERE action IN ('executive.activated', 'application.complete_onboarding') ORDER BY id`,
    )
    assert.deepEqual(audit, [
      { action: 'executive.activated', actor_type: 'executive' },
      { action: 'application.complete_onboarding', actor_type: 'executive' },
    ])

    // Unticking and ticking again does not go back, or email again.
    const last = mine.at(-1)!
    await tick(cm, `/onboarding/${ada.id}`, `/onboarding/${ada.id}/items/${last.id}`, 'no')
    await tick(cm, `/onboarding/${ada.id}`, `/onboarding/${ada.id}/items/${last.id}`, 'yes')
    assert.equal((await executiveRow(ada.id)).status, 'active')
    assert.equal(await emailCount('onboarding-complete'), 2)

    // A community manager may tick any item, so they can finish someone's checklist too.
    const mary = await newExecutive(MARY)
    for (const item of await items(mary.id)) await tick(cm, `/onboarding/${mary.id}`, `/onboarding/${mary.id}/items/${item.id}`)
    assert.equal((await executiveRow(mary.id)).status, 'active')
    const flashed = await cm.get(`/onboarding/${mary.id}`).expect(200)
    assert.match(flashed.text, /Every item is done: Mary Seacole is now active/)
    assert.equal(await emailCount('onboarding-complete'), 4)
  })

  it('the last two items ticked at the same moment, by both sides, still complete it, once', async () => {
    const ada = await newExecutive(ADA)
    const executive = await signInAsExecutive(ADA.email)
    const cm = await signedInStaff(t.staff.manager)
    const adaItems = await items(ada.id)
    const welcomeCall = adaItems.find((row) => row.owner === 'community-manager')!
    const lastOwn = adaItems.filter((row) => row.owner === 'executive').at(-1)!
    await query(`UPDATE onboarding_items SET done_at = now(), done_by_type = 'staff', done_by_id = $2 WHERE executive_id = $1 AND id NOT IN ($3, $4)`, [
      ada.id,
      t.staff.manager.id,
      welcomeCall.id,
      lastOwn.id,
    ])
    const [cmPage, executivePage] = await Promise.all([cm.get(`/onboarding/${ada.id}`), executive.get('/my-onboarding')])
    const [a, b] = await Promise.all([
      cm.post(`/onboarding/${ada.id}/items/${welcomeCall.id}`).type('form').send({ _csrf: csrfTokenFrom(cmPage), done: 'yes' }),
      executive.post(`/my-onboarding/items/${lastOwn.id}`).type('form').send({ _csrf: csrfTokenFrom(executivePage), done: 'yes' }),
    ])
    assert.deepEqual([a.status, b.status], [303, 303])
    assert.equal((await executiveRow(ada.id)).status, 'active')
    assert.equal(await emailCount('onboarding-complete'), 2)
  })
})

describe('community managers at /onboarding', () => {
  it('list executives getting started with their progress, overdue ones first', async () => {
    const ada = await newExecutive(ADA)
    const mary = await newExecutive(MARY)
    await query(`UPDATE onboarding_items SET due_on = current_date - 3 WHERE executive_id = $1 AND key IN ('join-slack', 'code-of-conduct')`, [mary.id])
    await query(`UPDATE onboarding_items SET done_at = now(), done_by_type = 'staff', done_by_id = $2 WHERE executive_id = $1 AND key = 'welcome-call'`, [ada.id, t.staff.manager.id])
    const agent = await signedInStaff(t.staff.manager)
    const page = await agent.get('/onboarding').expect(200)
    const maryAt = page.text.indexOf('Mary Seacole')
    const adaAt = page.text.indexOf('Ada Lovelace')
    assert.ok(maryAt > 0 && adaAt > maryAt, 'overdue first')
    assert.match(page.text, /2 overdue/)
    assert.match(page.text, /1 of \d+ done/)
    assert.match(page.text, /0 of 6 done/)
  })

  it('reassign an item, add one, change the term and handover notes, mark active with confirmation, and end the term', async () => {
    const ada = await newExecutive(ADA)
    const cm = await signedInStaff(t.staff.manager)
    const slack = (await items(ada.id)).find((row) => row.key === 'join-slack')!

    assert.equal((await submitVersioned(cm, `/onboarding/${ada.id}/items/${slack.id}/owner`, { owner: 'community-manager' })).status, 303)
    assert.equal((await items(ada.id)).find((row) => row.id === slack.id)!.owner, 'community-manager')

    const missing = await submitVersioned(cm, `/onboarding/${ada.id}/items/new`, { title: '', owner: '', dueOn: '2026-02-30' })
    assert.equal(missing.status, 400)
    assert.match(missing.text, /Enter what needs to be done/)
    assert.match(missing.text, /Select who does this/)
    assert.match(missing.text, /The date it is due must be a real date/)
    const due = addDays(todayInLondon(), 10)
    assert.equal((await submitVersioned(cm, `/onboarding/${ada.id}/items/new`, { title: 'Get access to Google Drive', owner: 'executive', dueOn: due })).status, 303)
    const added = (await items(ada.id)).at(-1)!
    assert.deepEqual([added.title, added.owner, added.due_on, added.key], ['Get access to Google Drive', 'executive', due, null])

    const termEnd = addDays(todayInLondon(), 200)
    const tooEarly = await submitVersioned(cm, `/onboarding/${ada.id}/term`, { termEndsOn: addDays(todayInLondon(), -1) })
    assert.equal(tooEarly.status, 400)
    assert.match(tooEarly.text, /must be after the day it started/)
    assert.equal((await submitVersioned(cm, `/onboarding/${ada.id}/term`, { termEndsOn: termEnd })).status, 303)
    assert.equal((await executiveRow(ada.id)).term_ends_on, termEnd)

    assert.equal((await submitVersioned(cm, `/onboarding/${ada.id}/handover`, { handoverNotes: 'Passwords are in the vault.\n\nAsk Colin about Slack.' })).status, 303)
    const executivePage = await cm.get(`/onboarding/${ada.id}`).expect(200)
    assert.match(executivePage.text, /Passwords are in the vault\./)

    // Not every item is done: the confirmation page says what is left.
    const confirm = await cm.get(`/onboarding/${ada.id}/activate`).expect(200)
    assert.match(confirm.text, /These items are not done yet/)
    assert.match(confirm.text, /Get access to Google Drive/)
    assert.equal((await submitVersioned(cm, `/onboarding/${ada.id}/activate`, {})).status, 303)
    assert.equal((await executiveRow(ada.id)).status, 'active')
    assert.equal(await emailCount('onboarding-complete'), 2)
    const [activated] = await query<{ note: string }>(`SELECT note FROM audit_events WHERE action = 'executive.activated'`)
    assert.match(activated!.note, /item\(s\) not done/)

    assert.equal((await submitVersioned(cm, `/onboarding/${ada.id}/end`, {})).status, 303)
    assert.equal((await executiveRow(ada.id)).status, 'ended')
    const ended = await cm.get(`/onboarding/${ada.id}`).expect(200)
    assert.match(ended.text, /Term ended/)
    assert.ok(!ended.text.includes(`/onboarding/${ada.id}/items/${slack.id}"`), 'an ended checklist has no buttons')
    // Handover notes can still be written after the term.
    assert.equal((await submitVersioned(cm, `/onboarding/${ada.id}/handover`, { handoverNotes: 'Final notes.' })).status, 303)
    assert.equal((await executiveRow(ada.id)).handover_notes, 'Final notes.')
  })

  it('two managers changing the same executive: the second is told it changed, keeps what they typed, and nothing is overwritten', async () => {
    const ada = await newExecutive(ADA)
    const first = await signedInStaff(t.staff.manager)
    const second = await signedInStaff(t.staff.otherManager)
    const path = `/onboarding/${ada.id}/term`
    const [pageA, pageB] = await Promise.all([first.get(path), second.get(path)])
    const version = /name="version" value="(\d+)"/.exec(pageA.text)![1]!
    const dateA = addDays(todayInLondon(), 300)
    const dateB = addDays(todayInLondon(), 250)
    const [a, b] = await Promise.all([
      first.post(path).type('form').send({ _csrf: csrfTokenFrom(pageA), version, termEndsOn: dateA }),
      second.post(path).type('form').send({ _csrf: csrfTokenFrom(pageB), version, termEndsOn: dateB }),
    ])
    assert.deepEqual([a.status, b.status].sort(), [303, 409])
    const loser = a.status === 409 ? a : b
    assert.match(loser.text, /These details changed while you were looking at them/)
    assert.ok(loser.text.includes(`value="${loser === a ? dateA : dateB}"`), 'what they typed is kept')
    assert.equal((await executiveRow(ada.id)).term_ends_on, a.status === 303 ? dateA : dateB)

    // A page left open while someone else saved handover notes is refused too.
    const stale = await first.get(`/onboarding/${ada.id}/handover`)
    const staleVersion = /name="version" value="(\d+)"/.exec(stale.text)![1]!
    assert.equal((await submitVersioned(second, `/onboarding/${ada.id}/handover`, { handoverNotes: 'Colin’s notes' })).status, 303)
    const refused = await first.post(`/onboarding/${ada.id}/handover`).type('form').send({ _csrf: csrfTokenFrom(stale), version: staleVersion, handoverNotes: 'Cora’s notes' })
    assert.equal(refused.status, 409)
    assert.match(refused.text, /Cora’s notes/)
    assert.equal((await executiveRow(ada.id)).handover_notes, 'Colin’s notes')
    // As is a version missing from the form.
    const noVersion = await first.post(`/onboarding/${ada.id}/handover`).type('form').send({ _csrf: csrfTokenFrom(stale), handoverNotes: 'x' })
    assert.equal(noVersion.status, 409)
  })
})

describe('terms', () => {
  it('30 days before the end, the executive and the community managers are emailed exactly once, however often the task runs', async () => {
    const ada = await newExecutive(ADA)
    assert.equal(await sendTermReminders(t.services), 0, 'not yet')
    await query(`UPDATE executives SET term_ends_on = current_date + 20 WHERE id = $1`, [ada.id])
    assert.equal(await sendTermReminders(t.services), 1)
    assert.equal(await sendTermReminders(t.services), 0)
    const sent = await query<{ recipient: string; template: string }>(`SELECT recipient, template FROM email_messages WHERE template LIKE 'term-ending%' ORDER BY template, recipient`)
    assert.deepEqual(
      sent.map((email) => [email.template, email.recipient]),
      [['term-ending', ADA.email], ...[t.staff.manager.email, t.staff.otherManager.email].sort().map((email) => ['term-ending-staff', email])],
    )
    assert.ok((await executiveRow(ada.id)).term_reminder_sent_at)
    const toAda = await latestEmail(t, ADA.email, 'term-ending')
    assert.match(toAda.subject, /Your term as Web developer ends on/)
  })

  it('two runs at the same moment send once', async () => {
    const ada = await newExecutive(ADA)
    const mary = await newExecutive(MARY)
    await query(`UPDATE executives SET term_ends_on = current_date + 30`)
    const results = await Promise.all([sendTermReminders(t.services), sendTermReminders(t.services)])
    assert.equal(results[0] + results[1], 2)
    assert.equal(await emailCount('term-ending'), 2)
    assert.equal(await emailCount('term-ending-staff'), 4)
    assert.equal((await query(`SELECT 1 FROM audit_events WHERE action = 'executive.term-reminder-sent'`)).length, 2)
    void [ada, mary]
  })

  it('a new end date gets its own reminder', async () => {
    const ada = await newExecutive(ADA)
    await query(`UPDATE executives SET term_ends_on = current_date + 10 WHERE id = $1`, [ada.id])
    assert.equal(await sendTermReminders(t.services), 1)
    const cm = await signedInStaff(t.staff.manager)
    assert.equal((await submitVersioned(cm, `/onboarding/${ada.id}/term`, { termEndsOn: addDays(todayInLondon(), 25) })).status, 303)
    assert.equal((await executiveRow(ada.id)).term_reminder_sent_at, null)
    assert.equal(await sendTermReminders(t.services), 1)
    assert.equal(await emailCount('term-ending'), 2)
  })

  it('ended terms are marked ended by the daily task, and leave the team page', async () => {
    const ada = await newExecutive(ADA)
    await query(`UPDATE executives SET status = 'active', show_on_team = true, bio = 'Builds the website.' WHERE id = $1`, [ada.id])
    assert.match((await request(t.app).get('/team').expect(200)).text, /Ada Lovelace/)

    assert.equal(await t.services.act(endFinishedTerms, {}, SYSTEM), 0)
    await query(`UPDATE executives SET starts_on = current_date - 400, term_ends_on = current_date - 1 WHERE id = $1`, [ada.id])
    assert.equal(await t.services.act(endFinishedTerms, {}, SYSTEM), 1)
    assert.equal(await t.services.act(endFinishedTerms, {}, SYSTEM), 0)
    const row = await executiveRow(ada.id)
    assert.equal(row.status, 'ended')
    const [audit] = await query<{ actor_type: string; from_status: string; to_status: string }>(`SELECT actor_type, from_status, to_status FROM audit_events WHERE action = 'executive.term-ended'`)
    assert.deepEqual(audit, { actor_type: 'system', from_status: 'active', to_status: 'ended' })
    assert.doesNotMatch((await request(t.app).get('/team').expect(200)).text, /Ada Lovelace/)
  })
})

describe('the team page', () => {
  it('lists only active executives and board members who opted in, with their role, organisation and bio', async () => {
    const ada = await newExecutive(ADA)
    const mary = await newExecutive(MARY)
    await newExecutive({ fullName: 'Grace Hopper', email: 'grace@example.org', roleSlug: 'content-manager' })
    // Ada: active and opted in. Mary: active, not opted in. Grace: opted in but still onboarding.
    await query(`UPDATE executives SET status = 'active', show_on_team = true, bio = 'I <b>build</b> websites.' WHERE id = $1`, [ada.id])
    await query(`UPDATE executives SET status = 'active' WHERE id = $1`, [mary.id])
    await query(`UPDATE executives SET show_on_team = true WHERE email = 'grace@example.org'`)
    await query(`UPDATE staff_users SET show_on_team = true, team_bio = 'Chair of the board.', team_organisation = 'NHS England' WHERE id = $1`, [t.staff.bea.id])
    await query(`UPDATE staff_users SET show_on_team = true, board_term_ends_on = current_date - 1 WHERE id = $1`, [t.staff.ben.id])
    await query(`UPDATE staff_users SET show_on_team = true WHERE id = $1`, [t.staff.manager.id])

    const page = await request(t.app).get('/team').expect(200)
    assert.equal(page.headers['set-cookie'], undefined, 'a public page sets no cookie')
    assert.match(page.text, /<title>The team - /)
    assert.match(page.text, /Ada Lovelace/)
    assert.match(page.text, /Web developer/)
    assert.match(page.text, /Barts Health NHS Trust/)
    assert.match(page.text, /I &lt;b&gt;build&lt;\/b&gt; websites\./)
    assert.match(page.text, /Bea Board/)
    assert.match(page.text, /Board member/)
    assert.match(page.text, /NHS England/)
    assert.match(page.text, /nhsuk-card/)
    for (const hidden of ['Mary Seacole', 'Grace Hopper', 'Ben Board', 'Cora Manager']) assert.doesNotMatch(page.text, new RegExp(hidden))
  })

  it('board members choose to be listed from their account, and admins can change it for them', async () => {
    const agent = await signedInStaff(t.staff.bea)
    const account = await agent.get('/account').expect(200)
    assert.match(account.text, /You are not listed on the public/)
    assert.equal((await submitVersioned(agent, '/account/team-profile', { showOnTeam: 'yes', organisation: 'Leeds Teaching Hospitals', bio: 'Data scientist.' })).status, 303)
    assert.match((await request(t.app).get('/team').expect(200)).text, /Leeds Teaching Hospitals/)
    const tooLong = await submitVersioned(agent, '/account/team-profile', { showOnTeam: 'yes', organisation: '', bio: 'y'.repeat(501) })
    assert.equal(tooLong.status, 400)

    const adminAgent = await signedInStaff(t.staff.admin)
    assert.match((await adminAgent.get(`/admin/users/${t.staff.bea.id}`).expect(200)).text, /team-profile/)
    assert.equal((await submitVersioned(adminAgent, `/admin/users/${t.staff.bea.id}/team-profile`, { showOnTeam: 'no', organisation: '', bio: '' })).status, 303)
    assert.doesNotMatch((await request(t.app).get('/team').expect(200)).text, /Bea Board/)
    await agent.get(`/admin/users/${t.staff.bea.id}/team-profile`).expect(403)
  })
})

describe('who may see what', () => {
  it('only community managers reach /onboarding; an executive sees only their own checklist', async () => {
    const ada = await newExecutive(ADA)
    await request(t.app).get('/onboarding').expect(303).expect('Location', '/sign-in')
    await request(t.app).get(`/onboarding/${ada.id}`).expect(303).expect('Location', '/sign-in')
    for (const user of [t.staff.bea, t.staff.admin]) {
      const agent = await signedInStaff(user)
      await agent.get('/onboarding').expect(403)
      await agent.get(`/onboarding/${ada.id}`).expect(403)
    }
    const cm = await signedInStaff(t.staff.manager)
    await cm.get('/onboarding').expect(200)
    await cm.get(`/onboarding/${ada.id}`).expect(200)
    await cm.get('/onboarding/not-an-id').expect(404)
    await cm.get('/onboarding/00000000-0000-4000-8000-000000000000').expect(404)

    const executive = await signInAsExecutive(ADA.email)
    await executive.get('/onboarding').expect(303).expect('Location', '/sign-in')
    const item = (await items(ada.id))[0]!
    const notStaff = await tick(executive, '/my-onboarding', `/onboarding/${ada.id}/items/${item.id}`)
    assert.equal(notStaff.status, 303)
    assert.equal(notStaff.headers.location, '/sign-in')
    assert.equal((await items(ada.id)).filter((row) => row.done).length, 0)

    await request(t.app).get('/my-onboarding/profile').expect(303).expect('Location', '/my-onboarding')
    const stranger = request.agent(t.app)
    const notSignedIn = await tick(stranger, '/my-onboarding', `/my-onboarding/items/${item.id}`)
    assert.equal(notSignedIn.status, 303)
    assert.equal(notSignedIn.headers.location, '/my-onboarding')
    // A community manager's staff session is not an executive's.
    await cm.get('/my-onboarding/profile').expect(303).expect('Location', '/my-onboarding')
  })
})
