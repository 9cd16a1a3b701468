// Places are real: accepted offers fill a role's places (src/domain/places.ts). A filled role
// says so on /roles and its page, drops out of matching and the application's role choice, and
// refuses new applications, unless its community manager keeps a waiting list; /admin/roles and
// the board's queue show "1 of 1 place filled"; an offer beyond the free places must be
// confirmed, and two offers at once cannot both overfill the role unconfirmed; an executive who
// applies for the role they hold is told so.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request, { type Response } from 'supertest'
import { makeOffer, NoFreePlaceError } from '../../src/actions/decisions/make-offer.ts'
import { useTestApp } from '../helpers/app.ts'
import { completeApplication, submitPage, webDeveloperAnswers } from '../helpers/apply-journey.ts'
import { truncateData } from '../helpers/database.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { addBoardReview, applicationByReference, decide, newExecutive, offeredApplication, submitApplication } from '../helpers/review.ts'
import { signIn } from '../helpers/staff.ts'

type Agent = ReturnType<typeof request.agent>

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
  },
})

const people = () => ({ manager: t.staff.manager, reviewers: [t.staff.bea, t.staff.ben] })
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

async function roleId(slug: string): Promise<string> {
  const [row] = await query<{ id: string }>(`SELECT "id" FROM "roles" WHERE "slug" = $1`, [slug])
  return row!.id
}

/** Grace, an executive in the web developer role: its one place is filled. */
function fillWebDeveloper(): ReturnType<typeof newExecutive> {
  return newExecutive(t, people(), { fullName: 'Grace Hopper', email: 'grace@example.org' })
}

async function signedIn(user: { email: string }): Promise<Agent> {
  const agent = request.agent(t.app)
  assert.equal((await signIn(agent, user)).status, 303)
  return agent
}

/** Every page of the application form for the web developer role alone, up to Check your answers. */
async function applyForWebDeveloper(agent: Agent, email = 'ada@example.org'): Promise<void> {
  await completeApplication(agent, webDeveloperAnswers({ fullName: 'Ada Lovelace', email }))
  await agent.get('/apply/check').expect(200)
}

async function submitCheck(agent: Agent): Promise<Response> {
  return submitForm(agent, '/apply/check')
}

/** The error summary's messages, as text. */
function errorSummary(response: Response): string {
  return /<div class="nhsuk-error-summary"[\s\S]*?<\/div>\s*<\/div>/.exec(response.text)?.[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') ?? ''
}

/** The page's text without tags, with the quotes and apostrophes the templates escape. */
function textOf(response: Response): string {
  return response.text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['staff_users', 'staff_tokens'] })
  await query(`UPDATE "roles" SET "places" = 1, "waiting_list" = false, "status" = 'open'`)
})

describe('a role whose places are filled', () => {
  it('shows as filled on /roles, the start page and its own page, without the apply button', async () => {
    const open = await request(t.app).get('/roles/web-developer').expect(200)
    assert.match(open.text, /Apply for this role/)
    assert.doesNotMatch(textOf(open), /place filled/)

    await fillWebDeveloper()
    const page = await request(t.app).get('/roles/web-developer').expect(200)
    const text = textOf(page)
    assert.match(text, /Places 1 of 1 place filled/)
    assert.match(text, /This role has been filled/)
    assert.match(text, /All its places are filled, so it is not taking applications at the moment/)
    assert.doesNotMatch(page.text, /href="\/apply\?role=web-developer"/)

    const roles = textOf(await request(t.app).get('/roles').expect(200))
    assert.match(roles, /Web developer .*All places are filled\. The role is not taking applications at the moment\./)
    assert.equal(roles.match(/All places are filled/g)?.length, 1, 'only the filled role says so')
    assert.match(textOf(await request(t.app).get('/').expect(200)), /Web developer \(all places filled\)/)
  })

  it('is not offered by matching or the role choice, and /apply?role= does not choose it', async () => {
    await fillWebDeveloper()
    const agent = request.agent(t.app)
    const match = await agent.get('/match').expect(200)
    assert.doesNotMatch(match.text, /value="web-developer"/)
    assert.match(match.text, /value="content-manager"/)
    await submitPage(agent, '/match', { hours: 'yes', nhsEmployed: 'no', careerStage: 'apprentice', skills: ['Communication'] }).then((response) =>
      assert.equal(response.status, 303, errorSummary(response)),
    )
    const results = await agent.get('/match/results').expect(200)
    assert.doesNotMatch(results.text, /\/apply\?role=web-developer/)
    assert.match(results.text, /\/apply\?role=community-manager/)

    await agent.get('/apply?role=web-developer').expect(303).expect('Location', '/apply/roles')
    const choice = await agent.get('/apply/roles').expect(200)
    assert.doesNotMatch(choice.text, /value="web-developer"/)
    assert.match(choice.text, /value="events-manager"/)
    assert.doesNotMatch(choice.text, /value="web-developer" checked/)
    const refused = await submitPage(agent, '/apply/roles', { roles: ['web-developer'] })
    assert.equal(refused.status, 400)
    assert.match(errorSummary(refused), /Select roles from the list/)
  })

  it('refuses an application for it sent after it filled, with a clear message and the roles page', async () => {
    const agent = request.agent(t.app)
    await applyForWebDeveloper(agent)
    await fillWebDeveloper()

    const refused = await submitCheck(agent)
    assert.equal(refused.status, 400)
    assert.match(refused.text, /<title>Error: /)
    assert.match(errorSummary(refused), /All places in the Web developer role have been filled, so it is not taking applications\. Choose another role\./)
    assert.match(refused.text, /href="#roles"/)
    assert.doesNotMatch(refused.text, /value="web-developer"/)
    assert.equal((await query(`SELECT 1 FROM "applications" WHERE "email" = 'ada@example.org'`)).length, 0, 'no application was made')
  })

  it('takes applications again once a term ends and frees the place', async () => {
    const grace = await fillWebDeveloper()
    assert.doesNotMatch((await request(t.app).get('/roles/web-developer')).text, /Apply for this role/)
    await query(`UPDATE "executives" SET "status" = 'ended', "ended_at" = now() WHERE "id" = $1`, [grace.id])
    const page = await request(t.app).get('/roles/web-developer').expect(200)
    assert.match(page.text, /Apply for this role/)
    assert.doesNotMatch(textOf(page), /place filled/)
  })
})

describe('the waiting list', () => {
  it('is a setting on the role, asked with the NHS error pattern and refused without a CSRF token', async () => {
    const id = await roleId('web-developer')
    const agent = await signedIn(t.staff.manager)
    const overview = textOf(await agent.get(`/admin/roles/${id}`).expect(200))
    assert.match(overview, /Places Change waiting list \(Places\) Filled 0 of 1 place filled Offers waiting for an answer 0 Once every place is filled Stops taking applications/)

    const page = await agent.get(`/admin/roles/${id}/waiting-list`).expect(200)
    assert.match(page.text, /Once every place is filled, should the role keep taking applications for a waiting list\?/)
    assert.match(page.text, /value="no" checked/)
    await agent.post(`/admin/roles/${id}/waiting-list`).type('form').send({ waitingList: 'yes', version: '1' }).expect(403)

    const missing = await agent.post(`/admin/roles/${id}/waiting-list`).type('form').send({ _csrf: csrfTokenFrom(page), version: /name="version" value="(\d+)"/.exec(page.text)![1] })
    assert.equal(missing.status, 400)
    assert.match(missing.text, /<title>Error: /)
    assert.match(errorSummary(missing), /Select yes if the role should keep taking applications once every place is filled/)
    assert.match(missing.text, /href="#waitingList"/)

    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!
    const saved = await agent.post(`/admin/roles/${id}/waiting-list`).type('form').send({ _csrf: csrfTokenFrom(page), version, waitingList: 'yes' })
    assert.equal(saved.status, 303)
    assert.equal(saved.headers.location, `/admin/roles/${id}`)
    const [role] = await query<{ waiting_list: boolean; version: number }>(`SELECT "waiting_list", "version" FROM "roles" WHERE "id" = $1`, [id])
    assert.deepEqual(role, { waiting_list: true, version: Number(version) + 1 })
    const [audit] = await query<{ note: string }>(`SELECT "note" FROM "audit_events" WHERE "subject_id" = $1 AND "action" = 'role.updated'`, [id])
    assert.match(audit!.note, /waiting list kept/)

    // A second save from the same (now stale) page changes nothing and says why.
    const stale = await agent.post(`/admin/roles/${id}/waiting-list`).type('form').send({ _csrf: csrfTokenFrom(page), version, waitingList: 'no' })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /Someone else changed this role/)
  })

  it('keeps a filled role taking applications, and says they join the waiting list', async () => {
    await fillWebDeveloper()
    await query(`UPDATE "roles" SET "waiting_list" = true WHERE "slug" = 'web-developer'`)
    const page = textOf(await request(t.app).get('/roles/web-developer').expect(200))
    assert.match(page, /Places 1 of 1 place filled/)
    assert.match(page, /All places in this role are filled\. You can still apply: your application joins the waiting list/)
    assert.match(page, /Apply for this role/)
    assert.match(textOf(await request(t.app).get('/roles')), /Web developer .*All places are filled\. You can still apply to join the waiting list\./)

    const agent = request.agent(t.app)
    await agent.get('/apply?role=web-developer').expect(303)
    assert.match(textOf(await agent.get('/apply/roles').expect(200)), /Web developer About 2 hours a week\. All places are filled: you would join the waiting list/)
    await applyForWebDeveloper(agent, 'ada@example.org')
    const sent = await submitCheck(agent)
    assert.equal(sent.status, 303)
    assert.equal(sent.headers.location, '/apply/confirmation')
  })
})

describe('places filled, where staff look', () => {
  it('/admin/roles and the board’s queue show “1 of 1 place filled”', async () => {
    await fillWebDeveloper()
    const manager = await signedIn(t.staff.manager)
    const list = textOf(await manager.get('/admin/roles').expect(200))
    assert.match(list, /Web developer Status Open Places 1 of 1 place filled Not taking applications/)
    assert.match(list, /Events manager Status Open Places 0 of 1 place filled/)
    await query(`UPDATE "roles" SET "waiting_list" = true WHERE "slug" = 'web-developer'`)
    assert.match(textOf(await manager.get('/admin/roles').expect(200)), /1 of 1 place filled Taking applications for a waiting list/)

    const queue = textOf(await (await signedIn(t.staff.bea)).get('/review').expect(200))
    assert.match(queue, /Places Community manager: 0 of 1 place filled Content manager: 0 of 1 place filled Events manager: 0 of 1 place filled Web developer: 1 of 1 place filled/)
  })
})

describe('an offer beyond the free places', () => {
  async function atInterview(email: string) {
    const application = await submitApplication(t, { fullName: 'Ada Lovelace', email })
    await addBoardReview(t, application, t.staff.bea)
    await addBoardReview(t, application, t.staff.ben)
    await decide(t, application.reference, t.staff.manager, { decision: 'shortlist' })
    return applicationByReference(t, application.reference)
  }

  async function offerPage(agent: Agent, reference: string) {
    const page = await agent.get(`/review/applications/${reference}/decision`).expect(200)
    return { page, version: /name="version" value="(\d+)"/.exec(page.text)![1]! }
  }

  it('warns the community manager, asks them to confirm, and only then makes the offer', async () => {
    const ada = await atInterview('ada@example.org')
    await fillWebDeveloper()
    const webDeveloper = await roleId('web-developer')
    const agent = await signedIn(t.staff.manager)
    const { page, version } = await offerPage(agent, ada.reference)
    assert.match(textOf(page), /Web developer 1 of 1 place filled\. No free places: you will be asked to confirm an offer/)

    const asked = await agent.post(`/review/applications/${ada.reference}/decision`).type('form').send({ _csrf: csrfTokenFrom(page), version, decision: 'offer', roleId: webDeveloper, offerMessage: 'We would love to have you.' })
    assert.equal(asked.status, 200)
    const text = textOf(asked)
    assert.match(asked.text, /<title>Web developer has no free places - /)
    assert.match(text, /Places 1 Filled 1 of 1 place filled Offers waiting for an answer 0/)
    assert.match(text, /If you make it and it is accepted, Web developer will have more people than places/)
    assert.match(asked.text, /name="confirmBeyondPlaces" value="yes"/)
    assert.match(asked.text, /name="offerMessage" value="We would love to have you\."/)
    assert.equal((await applicationByReference(t, ada.reference)).version, ada.version, 'nothing changed yet')
    assert.equal((await query(`SELECT 1 FROM "email_messages" WHERE "template" = 'offer'`)).length, 1, 'only Grace’s offer email')

    const made = await agent
      .post(`/review/applications/${ada.reference}/decision`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(asked), version, decision: 'offer', roleId: webDeveloper, offerMessage: 'We would love to have you.', confirmBeyondPlaces: 'yes' })
    assert.equal(made.status, 303)
    const [row] = await query<{ status: string; offered_role_id: string }>(`SELECT "status", "offered_role_id" FROM "applications" WHERE "id" = $1`, [ada.id])
    assert.deepEqual(row, { status: 'offered', offered_role_id: webDeveloper })
    const [audit] = await query<{ note: string }>(`SELECT "note" FROM "audit_events" WHERE "subject_id" = $1 AND "action" = 'application.offer'`, [ada.id])
    assert.equal(audit!.note, 'offered: Web developer (confirmed beyond its places: 1 of 1 place filled)')
    const [email] = await query<{ text_body: string }>(`SELECT "text_body" FROM "email_messages" WHERE "template" = 'offer' AND "recipient" = 'ada@example.org'`)
    assert.match(email!.text_body, /We would love to have you\./)
  })

  it('counts offers still waiting for an answer, but not expired ones', async () => {
    const first = await offeredApplication(t, people(), { fullName: 'Grace Hopper', email: 'grace@example.org' })
    const ada = await atInterview('ada@example.org')
    const webDeveloper = await roleId('web-developer')
    const offer = () => t.services.act(makeOffer, { reference: ada.reference, version: ada.version, roleId: webDeveloper }, { type: 'staff', id: t.staff.manager.id })

    const refused = await offer().then(() => null, (error: unknown) => error)
    assert.ok(refused instanceof NoFreePlaceError, String(refused))
    assert.deepEqual(refused.places, { places: 1, placesFilled: 0, offersWaiting: 1, waitingList: false })
    assert.equal(refused.message, 'Web developer has no free place: 0 of 1 place filled, 1 offer waiting for an answer')

    await query(`UPDATE "offer_links" SET "expires_at" = now() - interval '1 minute' WHERE "application_id" = $1`, [first.id])
    assert.equal(await offer(), 'offered')
  })

  it('two offers made at once for the last place: one is made, the other must be confirmed', async () => {
    const [ada, mary] = [await atInterview('ada@example.org'), await atInterview('mary@example.org')]
    const webDeveloper = await roleId('web-developer')
    // Hold the role's row, so that both offers start and wait on it together.
    const holder = t.database.dataSource.createQueryRunner()
    await holder.connect()
    await holder.startTransaction()
    await holder.query(`SELECT 1 FROM "roles" WHERE "id" = $1 FOR NO KEY UPDATE`, [webDeveloper])
    const byManager = { type: 'staff', id: t.staff.manager.id } as const
    let settled = false
    const offers = Promise.allSettled(
      [ada, mary].map((application) => t.services.act(makeOffer, { reference: application.reference, version: application.version, roleId: webDeveloper }, byManager)),
    ).finally(() => (settled = true))
    // Until both wait on the lock (or, were they not to take it, both have finished).
    while (!settled) {
      const [{ waiting } = { waiting: 0 }] = await query<{ waiting: number }>(
        `SELECT count(*)::int AS "waiting" FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE NOT l.granted AND a.datname = current_database()`,
      )
      if (waiting >= 2) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    await holder.commitTransaction()
    await holder.release()

    const results = await offers
    assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected'])
    const rejected = results.find((result) => result.status === 'rejected')!
    assert.ok(rejected.reason instanceof NoFreePlaceError, String(rejected.reason))
    const offered = await query(`SELECT 1 FROM "applications" WHERE "status" = 'offered'`)
    assert.equal(offered.length, 1, 'one offer for the one place')
  })
})

describe('an executive applying for the role they hold', () => {
  it('is told they hold it already, and can apply for another role', async () => {
    // A second place, so that the role still takes applications.
    await query(`UPDATE "roles" SET "places" = 2 WHERE "slug" = 'web-developer'`)
    await fillWebDeveloper()
    const agent = request.agent(t.app)
    await applyForWebDeveloper(agent, 'Grace@Example.org')

    const refused = await submitCheck(agent)
    assert.equal(refused.status, 400)
    assert.match(refused.text, /<title>Error: /)
    assert.match(errorSummary(refused), /You already hold the Web developer role, so you cannot apply for it again\. Choose a different role\./)
    assert.match(refused.text, /value="web-developer"(?! checked)/)
    assert.doesNotMatch(refused.text, /value="web-developer" checked/)
    assert.equal((await query(`SELECT 1 FROM "applications" WHERE "email" = 'grace@example.org' AND "status" = 'submitted'`)).length, 0)

    const other = await submitPage(agent, '/apply/roles?change=1', { roles: ['content-manager'] })
    assert.equal(other.status, 303)
  })

  it('is not stopped once their term has ended', async () => {
    await query(`UPDATE "roles" SET "waiting_list" = true WHERE "slug" = 'web-developer'`)
    const grace = await fillWebDeveloper()
    await query(`UPDATE "executives" SET "status" = 'ended', "ended_at" = now() WHERE "id" = $1`, [grace.id])
    const agent = request.agent(t.app)
    await applyForWebDeveloper(agent, 'grace@example.org')
    const sent = await submitCheck(agent)
    assert.equal(sent.status, 303)
    assert.equal(sent.headers.location, '/apply/confirmation')
  })
})
