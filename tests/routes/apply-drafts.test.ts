// Nothing typed into the application is lost to a session that ends: the answers are kept in a
// draft as each page is sent, found again by the draft cookie; a page sent after its form stopped
// working is shown again with what was typed; the expired pages say exactly what was kept; and
// the draft can be saved to another device, taken off a shared one, or deleted.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request, { type Agent, type Response } from 'supertest'
import { Application, ApplicationDraft, ApplicationRole, EmailMessage } from '../../src/entities/index.ts'
import { useTestApp } from '../helpers/app.ts'
import { completeApplication, submitPage, validAnswers } from '../helpers/apply-journey.ts'
import { truncateData } from '../helpers/database.ts'
import { sentText } from '../helpers/emails.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

const t = useTestApp()

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['one_time_tokens', 'staff_tokens', 'staff_users'] })
})

const DAY = 24 * 60 * 60 * 1000
const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin' }

function setCookie(response: Response, name: string): string | undefined {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith(`${name}=`))
}

/** The draft cookie's key from a response that set it. */
function draftKeyFrom(response: Response): string {
  const cookie = setCookie(response, 'draft')
  const key = cookie && /^draft=([^;]*)/.exec(cookie)?.[1]
  assert.ok(key, `the response sets the draft cookie: ${JSON.stringify(response.headers['set-cookie'])}`)
  return key
}

/** A browser that kept only the draft cookie: its session and CSRF cookies are gone. */
function browserWithOnly(key: string): Agent {
  const agent = request.agent(t.app)
  agent.jar.setCookie(`draft=${key}; Path=/`, '127.0.0.1', '/')
  return agent
}

/** Sends a page with the token it was shown with, however long ago, as a browser would. */
function sendWith(agent: Agent, path: string, token: string, fields: Record<string, string | string[]>, headers: Record<string, string> = SAME_ORIGIN) {
  return agent.post(path).set(headers).type('form').send({ _csrf: token, ...fields })
}

async function drafts() {
  return t.database.dataSource.getRepository(ApplicationDraft).find()
}

/**
 * The session ends while a page is open: the store forgets it (as it does after 30 minutes
 * idle), and the browser drops its session and CSRF cookies (as it does when it is closed).
 */
async function endSession(agent: Agent) {
  await t.database.dataSource.query(`DELETE FROM sessions`)
  for (const name of ['session', 'csrf']) agent.jar.setCookie(`${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/`, '127.0.0.1', '/')
}

async function startApplication(agent: Agent): Promise<string> {
  await agent.get('/apply?role=web-developer').expect(303)
  const roles = await submitPage(agent, '/apply/roles', validAnswers.roles)
  assert.equal(roles.status, 303)
  const key = draftKeyFrom(roles)
  await submitPage(agent, '/apply/role-order', validAnswers['role-order'])
  await submitPage(agent, '/apply/name', validAnswers.name)
  await submitPage(agent, '/apply/email', validAnswers.email)
  return key
}

describe('answers kept as they are typed', () => {
  it('keeps each page in a draft found by its own cookie, so a browser without its session finds every answer', async () => {
    const agent = request.agent(t.app)
    const key = await startApplication(agent)

    const [draft] = await drafts()
    assert.ok(draft)
    assert.match(draft.keyHash ?? '', /^[0-9a-f]{64}$/)
    assert.ok(!JSON.stringify(draft).includes(key), 'only the hash of the key is stored')
    assert.deepEqual(draft.pagesDone, ['roles', 'role-order', 'name', 'email'])
    assert.equal((draft.answers as { fullName?: string }).fullName, 'Ada Lovelace')
    assert.equal((await t.database.dataSource.query(`SELECT sess::text FROM sessions WHERE sess::text LIKE '%Lovelace%'`)).length, 0, 'no answer is in the session')

    // The session cookie and the CSRF cookie cleared, as if the browser was closed for a while.
    const later = browserWithOnly(key)
    assert.match((await later.get('/apply/name').expect(200)).text, /value="Ada Lovelace"/)
    assert.match((await later.get('/apply/email').expect(200)).text, /value="ada@example\.org"/)
    assert.equal((await later.get('/apply/check').expect(303)).headers.location, '/apply/phone', 'carries on from the first page not answered')
    const phone = await submitPage(later, '/apply/phone', validAnswers.phone)
    assert.equal(phone.status, 303)
    assert.equal((await drafts()).length, 1, 'the same draft, not a new one')
  })

  it('a session that ends while a page is open does not stop the form: the page is still accepted', async () => {
    const agent = request.agent(t.app)
    await agent.get('/apply').expect(303)
    await submitPage(agent, '/apply/roles', { roles: ['web-developer'] })
    const page = await agent.get('/apply/name').expect(200)
    await t.database.dataSource.query(`DELETE FROM sessions`)
    const sent = await sendWith(agent, '/apply/name', csrfTokenFrom(page), { fullName: 'Ada Lovelace' })
    assert.equal(sent.status, 303, 'nothing of the form depends on the session')
    assert.equal((await drafts())[0]!.answers.fullName, 'Ada Lovelace')
  })

  it('sets the draft cookie HttpOnly and SameSite=Lax, for as long as the draft is kept, and moves both on with each page', async () => {
    const agent = request.agent(t.app)
    const roles = await submitPage(agent, '/apply/roles', { roles: ['web-developer'] })
    const cookie = setCookie(roles, 'draft')!
    const attributes = cookie.split(';').slice(1).map((part) => part.trim().toLowerCase())
    assert.ok(attributes.includes('httponly'), cookie)
    assert.ok(attributes.includes('samesite=lax'), cookie)
    assert.ok(attributes.includes('path=/'), cookie)
    const maxAge = Number(attributes.find((attribute) => attribute.startsWith('max-age='))?.slice('max-age='.length))
    assert.ok(Math.abs(maxAge - 7 * 24 * 60 * 60) < 60, `lasts 7 days, like the draft: ${cookie}`)
    const [first] = await drafts()
    assert.ok(Math.abs(first!.expiresAt.getTime() - (Date.now() + 7 * DAY)) < 60_000)

    await t.database.dataSource.query(`UPDATE application_drafts SET expires_at = now() + interval '1 day'`)
    const name = await submitPage(agent, '/apply/name', { fullName: 'Ada Lovelace' })
    assert.ok(setCookie(name, 'draft'), 'each page sets the cookie again')
    const [second] = await drafts()
    assert.ok(second!.expiresAt.getTime() > Date.now() + 6 * DAY, 'kept another 7 days from the last change')
  })

  it('a draft past its 7 days is not found, and its browser is told what happened and how to get it back', async () => {
    const agent = request.agent(t.app)
    await startApplication(agent)
    await t.database.dataSource.query(`UPDATE application_drafts SET expires_at = now() - interval '1 minute'`)
    const page = await agent.get('/apply/name').expect(303)
    assert.equal(page.headers.location, '/apply/not-found')
    const notFound = await agent.get('/apply/not-found').expect(200)
    assert.match(notFound.text, /We cannot find your application on this device/)
    assert.match(notFound.text, /more than 7 days ago, so your answers have been deleted/)
    assert.match(notFound.text, /use the link in the email we sent you/)
  })

  it('a browser with no cookies at all, part way through, is told exactly how to restore its answers', async () => {
    await startApplication(request.agent(t.app))
    const stranger = request.agent(t.app)
    for (const path of ['/apply/motivation', '/apply/check', '/apply/questions/web-developer']) {
      assert.equal((await stranger.get(path)).headers.location, '/apply/not-found', path)
    }
    const page = await stranger.get('/apply/not-found').expect(200)
    assert.match(page.text, /<title>We cannot find your application on this device/)
    assert.match(page.text, /Save and come back later/)
    assert.doesNotMatch(page.text, /have been kept|has been kept/)
    // The first page offers the same way back.
    assert.match((await stranger.get('/apply/roles').expect(200)).text, /If you saved it, use the link in the email we sent you/)
  })
})

describe('a page sent after its form stopped working', () => {
  it('is shown again with what was typed, a new token and a message, and nothing from it is saved until it is sent again', async () => {
    const agent = request.agent(t.app)
    await startApplication(agent)
    const page = await agent.get('/apply/motivation').expect(200)
    const typed = 'I have wanted to help run a community for years. '.repeat(20).trim()
    await endSession(agent)

    const refused = await sendWith(agent, '/apply/motivation', csrfTokenFrom(page), { motivation: typed })
    assert.equal(refused.status, 403)
    assert.match(refused.text, /<title>Error: Why would you like to volunteer for /)
    assert.match(refused.text, /class="nhsuk-error-summary"/)
    assert.match(refused.text, /This page has not been saved yet/)
    assert.ok(refused.text.includes(typed), 'what was typed is in the field')
    assert.equal(refused.headers['cache-control'], 'no-store')
    assert.doesNotMatch(refused.text, /has been saved|have been kept/)
    assert.equal((await drafts())[0]!.answers.motivation, undefined, 'nothing from the refused request is kept')

    const again = await sendWith(agent, '/apply/motivation', csrfTokenFrom(refused), { motivation: typed })
    assert.equal(again.status, 303)
    assert.equal((await drafts())[0]!.answers.motivation, typed)
  })

  it('Check your answers: the application is not sent, and says so; Submit application then sends it once', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    const check = await agent.get('/apply/check').expect(200)
    await endSession(agent)
    const refused = await sendWith(agent, '/apply/check', csrfTokenFrom(check), {})
    assert.equal(refused.status, 403)
    assert.match(refused.text, /Your application has not been sent yet/)
    assert.match(refused.text, /Ada Lovelace/)
    assert.equal(await t.database.dataSource.getRepository(Application).count(), 0)
    assert.equal((await sendWith(agent, '/apply/check', csrfTokenFrom(refused), {})).headers.location, '/apply/confirmation')
    assert.equal(await t.database.dataSource.getRepository(Application).count(), 1)
  })

  it('"Save and come back later": the address typed is shown again and no link is sent', async () => {
    const agent = request.agent(t.app)
    await startApplication(agent)
    const save = await agent.get('/apply/save').expect(200)
    await endSession(agent)
    const refused = await sendWith(agent, '/apply/save', csrfTokenFrom(save), { email: 'grace@example.org' })
    assert.equal(refused.status, 403)
    assert.match(refused.text, /We have not sent you a link yet/)
    assert.match(refused.text, /value="grace@example\.org"/)
    assert.equal(await t.database.dataSource.getRepository(EmailMessage).count(), 0)
  })

  it('without the browser saying it came from this service, gets the plain page, which says truthfully what was kept', async () => {
    const agent = request.agent(t.app)
    await startApplication(agent)
    const page = await agent.get('/apply/motivation').expect(200)
    await endSession(agent)
    const notOurs: Record<string, string>[] = [{}, { 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'https://elsewhere.example' }]
    for (const headers of notOurs) {
      const refused = await sendWith(agent, '/apply/motivation', csrfTokenFrom(page), { motivation: 'Planted words' }, headers)
      assert.equal(refused.status, 403)
      assert.match(refused.text, /This form has expired/)
      assert.doesNotMatch(refused.text, /Planted words/, 'another site’s text is not shown as ours')
      assert.match(refused.text, /What you entered on that page has not been saved/)
      assert.match(refused.text, /Your answers to the other pages of your application are saved on this device/)
      assert.match(refused.text, /href="\/apply\/phone"/, 'and where it carries on')
    }
    // A browser with no application is not told anything was kept.
    const stranger = request.agent(t.app)
    const form = await stranger.get('/apply/roles').expect(200)
    const expired = await sendWith(stranger, '/apply/roles', `${csrfTokenFrom(form)}x`, { roles: ['web-developer'] }, {})
    assert.equal(expired.status, 403)
    assert.doesNotMatch(expired.text, /are saved on this device|have been kept/)
    assert.match(expired.text, /use the link in the email we sent you/)
  })

  it('a staff form that expired claims nothing was kept', async () => {
    const staff = await createStaff(t, ['admin'])
    const agent = request.agent(t.app)
    await signIn(agent, staff)
    const refused = await agent.post('/sign-out').type('form').send({ _csrf: 'made-up' }).expect(403)
    assert.match(refused.text, /This form has expired/)
    assert.match(refused.text, /What you entered on that page has not been saved/)
    assert.doesNotMatch(refused.text, /kept|saved on this device/)
  })
})

describe('save, remove from this device, delete', () => {
  async function savedLink(agent: Agent, email: string): Promise<string> {
    const saved = await submitPage(agent, '/apply/save', { email })
    assert.equal(saved.headers.location, '/apply/saved')
    const messages = await t.database.dataSource.getRepository(EmailMessage).find({ where: { recipient: email }, order: { createdAt: 'DESC' } })
    const link = /\/apply\/resume\/[A-Za-z0-9_-]{43}/.exec(sentText(messages[0]!))?.[0]
    assert.ok(link)
    return link
  }

  it('"Save and come back later" is labelled "Email address"; saving again replaces the link, which then moves the draft to the new device', async () => {
    const agent = request.agent(t.app)
    await startApplication(agent)
    const save = await agent.get('/apply/save').expect(200)
    assert.match(save.text, /<h1[^>]*>Save your application and come back later<\/h1>/)
    assert.match(save.text, /<label class="nhsuk-label[^"]*" for="email">\s*Email address\s*<\/label>/)
    assert.match(save.text, /value="ada@example\.org"/, 'the address given is suggested')

    const first = await savedLink(agent, 'ada@example.org')
    const saved = await agent.get('/apply/saved').expect(200)
    assert.match(saved.text, /We have sent a link to <strong>ada@example\.org<\/strong>/)
    const second = await savedLink(agent, 'ada@example.org')
    assert.equal((await request(t.app).get(first)).status, 410, 'only the newest link works')

    const phone = request.agent(t.app)
    const landing = await phone.get(second).expect(200)
    const resumed = await phone.post(second).type('form').send({ _csrf: csrfTokenFrom(landing) }).expect(303)
    assert.equal(resumed.headers.location, '/apply/phone')
    assert.match((await phone.get('/apply/name').expect(200)).text, /value="Ada Lovelace"/)
    assert.equal((await agent.get('/apply/name')).headers.location, '/apply/not-found', 'the first device no longer finds it')
    assert.equal((await drafts()).length, 1)
  })

  it('on a shared computer the answers can be removed from the device and still come back with the emailed link', async () => {
    const agent = request.agent(t.app)
    await startApplication(agent)
    const link = await savedLink(agent, 'ada@example.org')
    const saved = await agent.get('/apply/saved').expect(200)
    assert.match(saved.text, /Remove my answers from this device/)
    const removed = await agent.post('/apply/saved').type('form').send({ _csrf: csrfTokenFrom(saved) }).expect(303)
    assert.equal(removed.headers.location, '/apply/removed')
    assert.match(setCookie(removed, 'draft') ?? '', /Expires=Thu, 01 Jan 1970/, 'the cookie is cleared')
    assert.equal((await drafts())[0]!.keyHash, null)
    assert.equal((await agent.get('/apply/name')).headers.location, '/apply/not-found')

    const home = request.agent(t.app)
    const landing = await home.get(link).expect(200)
    await home.post(link).type('form').send({ _csrf: csrfTokenFrom(landing) }).expect(303)
    assert.match((await home.get('/apply/name').expect(200)).text, /value="Ada Lovelace"/)
  })

  it('"Delete this application" asks first, then deletes the answers and the emailed link at once', async () => {
    const agent = request.agent(t.app)
    await startApplication(agent)
    const link = await savedLink(agent, 'ada@example.org')
    assert.match((await agent.get('/apply/save').expect(200)).text, /href="\/apply\/delete"/)
    const confirm = await agent.get('/apply/delete').expect(200)
    assert.match(confirm.text, /Are you sure you want to delete your application\?/)
    const deleted = await agent.post('/apply/delete').type('form').send({ _csrf: csrfTokenFrom(confirm) }).expect(303)
    assert.equal(deleted.headers.location, '/apply/deleted')
    assert.match(setCookie(deleted, 'draft') ?? '', /Expires=Thu, 01 Jan 1970/)
    assert.equal((await drafts()).length, 0)
    assert.match((await agent.get('/apply/deleted').expect(200)).text, /Your application has been deleted/)
    assert.equal((await agent.get('/apply/name')).headers.location, '/apply/not-found')
    assert.equal((await request(t.app).get(link)).status, 410)
  })

  it('sending the application deletes its draft and clears the cookie', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    assert.equal((await drafts()).length, 1)
    const check = await agent.get('/apply/check').expect(200)
    const sent = await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303)
    assert.match(setCookie(sent, 'draft') ?? '', /Expires=Thu, 01 Jan 1970/)
    assert.equal((await drafts()).length, 0)
    // The back button then finds the confirmation, not an empty form.
    assert.equal((await agent.get('/apply/name')).headers.location, '/apply/confirmation')
  })
})

describe('the form’s own edges', () => {
  it('coming back with the emailed link carries on at the first page not yet seen, even when /match filled it in', async () => {
    const agent = request.agent(t.app)
    await submitPage(agent, '/match', { hours: 'yes', nhsEmployed: 'no', careerStage: 'student', skills: ['HTML/CSS'] })
    await agent.get('/apply?role=web-developer&from=match').expect(303)
    const pages: Record<string, Record<string, string | string[]>> = {
      roles: { roles: ['web-developer'] },
      name: validAnswers.name,
      email: validAnswers.email,
      phone: validAnswers.phone,
      'nhs-employment': { nhsEmployed: 'no' },
      'career-stage': { careerStage: 'student' },
      hours: { hours: 'yes' },
      motivation: { motivation: 'I want to learn.', action: 'save' },
    }
    for (const [step, fields] of Object.entries(pages)) {
      assert.equal((await submitPage(agent, `/apply/${step}`, fields)).status, 303, step)
    }
    const messages = await t.database.dataSource.getRepository(EmailMessage).find()
    assert.equal(messages.length, 0)
    const link = await (async () => {
      await submitPage(agent, '/apply/save', { email: 'ada@example.org' })
      const [message] = await t.database.dataSource.getRepository(EmailMessage).find()
      return /\/apply\/resume\/[A-Za-z0-9_-]{43}/.exec(sentText(message!))![0]
    })()
    const later = request.agent(t.app)
    const landing = await later.get(link).expect(200)
    const resumed = await later.post(link).type('form').send({ _csrf: csrfTokenFrom(landing) }).expect(303)
    assert.equal(resumed.headers.location, '/apply/skills', 'the skills page, filled in from /match, is still to be seen')
    assert.match((await later.get('/apply/skills').expect(200)).text, /value="HTML\/CSS"[^>]*checked/)
  })

  it('"Change" on Check your answers adds and removes roles, keeping the answers to the questions of the roles still chosen', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent)
    const check = await agent.get('/apply/check').expect(200)
    assert.match(check.text, /href="\/apply\/roles\?change=1"/)
    assert.match(check.text, /href="\/apply\/role-order\?change=1"/)

    // Remove the content manager role: straight back to Check your answers, the web developer answer kept.
    const removed = await submitPage(agent, '/apply/roles?change=1', { roles: ['web-developer'] })
    assert.equal(removed.headers.location, '/apply/check')
    const afterRemoving = await agent.get('/apply/check').expect(200)
    assert.match(afterRemoving.text, /My own site on GitHub Pages\./)
    assert.doesNotMatch(afterRemoving.text, /Content manager/)
    assert.doesNotMatch(afterRemoving.text, /role-order\?change=1/, 'no order to change for one role')

    // Add the events manager role: the order of preference is asked again, then its questions,
    // then back to Check your answers.
    const added = await submitPage(agent, '/apply/roles?change=1', { roles: ['web-developer', 'events-manager'] })
    assert.equal(added.headers.location, '/apply/role-order?change=1')
    const ordered = await submitPage(agent, '/apply/role-order?change=1', { 'rank-web-developer': '1', 'rank-events-manager': '2' })
    assert.equal(ordered.headers.location, '/apply/questions/events-manager?change=1')
    assert.equal((await submitPage(agent, '/apply/questions/events-manager?change=1', {})).headers.location, '/apply/check')

    const sent = await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(await agent.get('/apply/check').expect(200)) }).expect(303)
    assert.equal(sent.headers.location, '/apply/confirmation')
    const choices = await t.database.dataSource.getRepository(ApplicationRole).find({ order: { preference: 'ASC' } })
    assert.deepEqual(choices.map((choice) => choice.roleTitle), ['Web developer', 'Events manager'])
    assert.deepEqual(choices[0]!.answers, { 'web-experience': 'My own site on GitHub Pages.' })
  })

  it('removing a role drops the skills only it drew on, and asks the skills page again when none are left', async () => {
    const agent = request.agent(t.app)
    await completeApplication(agent, { ...validAnswers, skills: { skills: ['HTML/CSS', 'Writing and editing'] } })
    await submitPage(agent, '/apply/roles?change=1', { roles: ['content-manager'] })
    assert.match((await agent.get('/apply/check').expect(200)).text, /Writing and editing/)
    assert.doesNotMatch((await agent.get('/apply/check').expect(200)).text, /HTML\/CSS/)

    const other = request.agent(t.app)
    await completeApplication(other, { ...validAnswers, skills: { skills: ['GitHub'] } })
    const changed = await submitPage(other, '/apply/roles?change=1', { roles: ['content-manager'] })
    assert.equal(changed.headers.location, '/apply/skills?change=1')
  })

  it('every page’s title is its heading, the motivation page’s too when more than one role is chosen', async () => {
    const agent = request.agent(t.app)
    await agent.get('/apply').expect(303)
    const heading = (html: string) =>
      (/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    const title = (html: string) => /<title>([^<]*) - [^<]*<\/title>/.exec(html)?.[1]
    for (const [step, fields] of Object.entries(validAnswers)) {
      const page = await agent.get(`/apply/${step}`).expect(200)
      assert.equal(title(page.text), heading(page.text), `/apply/${step}`)
      await submitPage(agent, `/apply/${step}`, fields)
    }
    const motivation = await agent.get('/apply/motivation').expect(200)
    assert.equal(title(motivation.text), 'Why would you like to volunteer for these roles?')
    await submitPage(agent, '/apply/roles?change=1', { roles: ['web-developer'] })
    const one = await agent.get('/apply/motivation').expect(200)
    assert.equal(title(one.text), 'Why would you like to volunteer for this role?')
    assert.equal(heading(one.text), 'Why would you like to volunteer for this role?')
  })
})
