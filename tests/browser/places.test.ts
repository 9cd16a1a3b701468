// Places are real, in Chromium at 320 pixels wide: a filled role on the public pages, an
// application refused because the role filled while it was being written (the error state), the
// community manager keeping a waiting list and confirming an offer beyond the free places, and
// "1 of 1 place filled" on /admin/roles and the board's queue. Axe (WCAG 2.2 A and AA) runs on
// every page visited; no page scrolls sideways; forms are sent from the keyboard.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import request from 'supertest'
import { useBrowserApp } from '../helpers/browser.ts'
import { completeApplication, webDeveloperAnswers } from '../helpers/apply-journey.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton, pressEnterIn } from '../helpers/browser-forms.ts'
import { addBoardReview, decide, newExecutive, submitApplication, type SubmittedApplication } from '../helpers/review.ts'
import { sessionCookie, STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
  },
})

let ada: SubmittedApplication

const url = (path: string) => t.server.baseUrl + path
const text = async (page: Page, selector = 'main') => (await page.locator(selector).innerText()).replace(/\s+/g, ' ')

/** WCAG 1.4.10 reflow: at 320 CSS pixels wide nothing makes the page scroll sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 0, `${pathOf(page)} scrolls sideways by ${overflow}px at 320px wide`)
}

async function narrowPage(): Promise<Page> {
  const page = await t.newPage()
  await page.setViewportSize({ width: 320, height: 900 })
  return page
}

t.before(async () => {
  // Ada applied for the web developer role and is shortlisted; then Grace took its one place.
  ada = await submitApplication(t, { fullName: 'Ada Lovelace', email: 'ada@example.org' })
  await addBoardReview(t, ada, t.staff.bea)
  await addBoardReview(t, ada, t.staff.ben)
  await decide(t, ada.reference, t.staff.manager, { decision: 'shortlist' })
})

describe('places in the browser', () => {
  it('an application written while the role filled is refused on the role choice, with the error pattern', async () => {
    // Every page of the form, by the same session the browser then carries on with.
    const agent = request.agent(t.app)
    const start = await agent.get('/apply?role=web-developer').expect(303)
    const cookie = sessionCookie(start)
    assert.ok(cookie, 'the form started a session')
    await completeApplication(agent, webDeveloperAnswers({ fullName: 'Mary Seacole', email: 'mary@example.org' }))

    await newExecutive(t, { manager: t.staff.manager, reviewers: [t.staff.bea, t.staff.ben] }, { fullName: 'Grace Hopper', email: 'grace@example.org' })

    const page = await narrowPage()
    // The session's cookie and the draft's (the answers are kept in a draft found by its own cookie).
    const jar = (agent as unknown as { jar: { getCookies(access: { domain: string; path: string; secure: boolean; script: boolean }): { name: string; value: string }[] } }).jar
    const cookies = jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
    assert.ok(cookies.length >= 2, 'the session and the draft have cookies')
    await page.context().addCookies(cookies.map((each) => ({ name: each.name, value: each.value, url: t.server.baseUrl })))
    await open(page, url('/apply/check'))
    await pressButton(page, 'Submit application')
    // The refusal shows the role choice again, in answer to the submission.
    assert.equal(pathOf(page), '/apply/check')
    assert.match(await text(page, 'legend'), /Which roles are you interested in\?/)
    await expectErrorState(page, { field: 'roles', message: 'All places in the Web developer role have been filled, so it is not taking applications. Choose another role.' })
    assert.equal(await page.locator('input[value="web-developer"]').count(), 0, 'the filled role is not offered')
    await expectNoSidewaysScroll(page)
  })

  it('the public pages show the role as filled', async () => {
    const page = await narrowPage()
    await open(page, url('/roles'))
    await expectNoSidewaysScroll(page)
    assert.match(await text(page), /Web developer .*All places are filled\. The role is not taking applications at the moment\./)
    await open(page, url('/roles/web-developer'))
    await expectNoSidewaysScroll(page)
    assert.match(await text(page), /Places 1 of 1 place filled/)
    assert.match(await text(page, '.nhsuk-warning-callout'), /This role has been filled/)
    assert.equal(await page.getByRole('button', { name: 'Apply for this role' }).count(), 0)
  })

  it('the community manager sees the places, keeps a waiting list and confirms an offer beyond the places', async () => {
    const page = await narrowPage()
    await open(page, url('/sign-in'))
    await answer(page, { fill: { email: t.staff.manager.email, password: STAFF_PASSWORD } })
    await pressEnterIn(page, 'password')

    await open(page, url('/admin/roles'))
    await expectNoSidewaysScroll(page)
    const row = page.locator('tr', { hasText: 'Web developer' })
    assert.match((await row.innerText()).replace(/\s+/g, ' '), /1 of 1 place filled Not taking applications/)
    await arriveAfter(page, () => page.getByRole('link', { name: 'Web developer', exact: true }).press('Enter'))
    await expectNoSidewaysScroll(page)
    assert.match(await text(page), /Filled 1 of 1 place filled/)
    await arriveAfter(page, () => page.getByRole('link', { name: 'Change waiting list (Places)' }).press('Enter'))
    assert.match(pathOf(page), /^\/admin\/roles\/[0-9a-f-]{36}\/waiting-list$/)
    await expectNoSidewaysScroll(page)
    // Keyboard: the checked radio ("No") takes focus; the arrow key moves to and selects "Yes".
    await page.locator('#waitingList-2').focus()
    await page.keyboard.press('ArrowUp')
    assert.ok(await page.getByLabel('Yes, keep a waiting list').isChecked())
    await pressButton(page, 'Save changes')
    assert.match(await text(page, '.nhsuk-notification-banner'), /keep taking applications for a waiting list/)
    assert.match(await text(page), /Once every place is filled Keeps taking applications for a waiting list/)

    // The public role page now takes applications for the waiting list.
    const visitor = await narrowPage()
    await open(visitor, url('/roles/web-developer'))
    assert.match(await text(visitor), /your application joins the waiting list/)
    assert.equal(await visitor.getByRole('button', { name: 'Apply for this role' }).count(), 1)

    // An offer to Ada, beyond the role's one place: asked first, made once confirmed.
    await open(page, url(`/review/applications/${ada.reference}/decision`))
    await expectNoSidewaysScroll(page)
    await answer(page, { check: ['Offer a role'] })
    await answer(page, { check: [['Which role are you offering?', 'Web developer']] })
    assert.match(await text(page), /Web developer 1 of 1 place filled\. No free places: you will be asked to confirm an offer/)
    await pressButton(page, 'Record decision and email the applicant')
    assert.equal(await page.title(), 'Web developer has no free places - NHS Python Community')
    await expectNoSidewaysScroll(page)
    assert.match(await text(page), /If you make it and it is accepted, Web developer will have more people than places/)
    await pressButton(page, 'Make the offer anyway and email the applicant')
    assert.equal(pathOf(page), `/review/applications/${ada.reference}`)
    assert.match(await text(page, '.nhsuk-notification-banner'), /Role offered to the applicant/)
  })

  it('the board’s queue lists the places filled', async () => {
    const page = await narrowPage()
    await open(page, url('/sign-in'))
    await answer(page, { fill: { email: t.staff.bea.email, password: STAFF_PASSWORD } })
    await pressEnterIn(page, 'password')
    assert.equal(pathOf(page), '/review')
    assert.match(await text(page), /Places Community manager: 0 of 1 place filled .*Web developer: 1 of 1 place filled/)
  })
})
