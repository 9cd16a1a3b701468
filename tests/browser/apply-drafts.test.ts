// Nothing typed is lost, in Chromium and with the keyboard alone: answers come back after the
// session and its cookies are gone; a page sent after its session ended is shown again with what
// was typed; a browser with no application is told how to get it back; the application can be
// taken off a shared computer or deleted. Axe runs on every page, error states included, and the
// new pages reflow at 320 px without scrolling sideways.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { expectReflowAt320, useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, continueOn, expectErrorState, open, pathOf, pressButton, pressEnterIn } from '../helpers/browser-forms.ts'

const t = useBrowserApp()

const MOTIVATION = 'I would like to help people new to Python find their feet, as others helped me. '.repeat(12).trim()

/** From "Apply for this role" on the web developer page to the motivation page. */
async function answerUpToMotivation(page: Page): Promise<void> {
  await open(page, `${t.server.baseUrl}/roles/web-developer`)
  await arriveAfter(page, () => page.getByRole('button', { name: 'Apply for this role' }).press('Enter'))
  assert.equal(pathOf(page), '/apply/roles')
  await continueOn(page)
  await answer(page, { fill: { fullName: 'Mary Seacole' } })
  await pressEnterIn(page, 'fullName')
  await answer(page, { fill: { email: 'mary.seacole@example.org' } })
  await pressEnterIn(page, 'email')
  await pressEnterIn(page, 'phone')
  await answer(page, { check: ['No'] })
  await continueOn(page)
  await answer(page, { check: ['Student'] })
  await continueOn(page)
  await answer(page, { check: ['Yes'] })
  await continueOn(page)
  assert.equal(pathOf(page), '/apply/motivation')
}

/** The session ends: the store forgets it and the browser loses its session and CSRF cookies. */
async function endSession(page: Page): Promise<void> {
  await t.database.dataSource.query(`DELETE FROM sessions`)
  await page.context().clearCookies({ name: 'session' })
  await page.context().clearCookies({ name: 'csrf' })
}

describe('answers that survive the session', () => {
  it('after the session and its cookies are gone the answers are all there; a page sent meanwhile is shown again with what was typed', async () => {
    const page = await t.newPage()
    await answerUpToMotivation(page)

    // The session ends and the browser loses its session cookie: everything is still there.
    await endSession(page)
    await open(page, `${t.server.baseUrl}/apply/name`)
    assert.equal(await page.locator('#fullName').inputValue(), 'Mary Seacole')
    await open(page, `${t.server.baseUrl}/apply/motivation`)

    // A long answer is typed while the session ends again: the page comes back, not saved yet.
    await answer(page, { fill: { motivation: MOTIVATION } })
    await endSession(page)
    await continueOn(page)
    assert.equal(pathOf(page), '/apply/motivation')
    assert.match(await page.title(), /^Error: Why would you like to volunteer for this role\?/)
    const summary = page.locator('.nhsuk-error-summary')
    assert.match((await summary.textContent()) ?? '', /This page has not been saved yet/)
    assert.ok(await summary.evaluate((element) => element === document.activeElement || element.contains(document.activeElement)), 'the message has focus')
    assert.equal(await page.locator('#motivation').inputValue(), MOTIVATION, 'what was typed is still in the field')
    await expectReflowAt320(page)

    // Continue again: saved, and on to the next page.
    await continueOn(page)
    assert.equal(pathOf(page), '/apply/skills')
    await open(page, `${t.server.baseUrl}/apply/motivation`)
    assert.equal(await page.locator('#motivation').inputValue(), MOTIVATION)
  })

  it('a browser with no cookies at all is told, part way through, exactly how to get its answers back', async () => {
    const page = await t.newPage()
    await answerUpToMotivation(page)
    await page.context().clearCookies()
    await open(page, `${t.server.baseUrl}/apply/motivation`)
    assert.equal(pathOf(page), '/apply/not-found')
    assert.equal(await page.locator('h1').textContent(), 'We cannot find your application on this device')
    assert.ok(await page.getByText('use the link in the email we sent you to continue').isVisible())
    await expectReflowAt320(page)
    await arriveAfter(page, () => page.getByRole('link', { name: 'start a new application' }).press('Enter'))
    assert.equal(pathOf(page), '/apply/roles')
  })
})

describe('a shared computer', () => {
  it('saves by email, then removes the answers from this device, with the keyboard', async () => {
    const page = await t.newPage()
    await answerUpToMotivation(page)
    await answer(page, { fill: { motivation: MOTIVATION } })
    await pressButton(page, 'Save and come back later')
    assert.equal(pathOf(page), '/apply/save')
    await expectReflowAt320(page)
    await answer(page, { fill: { email: 'mary.seacole' } })
    await pressEnterIn(page, 'email')
    await expectErrorState(page, { field: 'email', message: 'Enter an email address in the correct format, like name@example.com', kept: { email: 'mary.seacole' } })
    // A long address, as NHS ones often are: it breaks rather than making the page scroll sideways.
    await answer(page, { fill: { email: 'mary.seacole.apprentice@bartshealth.nhs.uk' } })
    await pressEnterIn(page, 'email')
    assert.equal(pathOf(page), '/apply/saved')
    await expectReflowAt320(page)

    await pressButton(page, 'Remove my answers from this device')
    assert.equal(pathOf(page), '/apply/removed')
    await expectReflowAt320(page)
    await open(page, `${t.server.baseUrl}/apply/name`)
    assert.equal(pathOf(page), '/apply/not-found', 'this browser no longer finds them')
  })

  it('deletes the application, after asking, with the keyboard', async () => {
    const page = await t.newPage()
    await answerUpToMotivation(page)
    await answer(page, { fill: { motivation: MOTIVATION } })
    await pressButton(page, 'Save and come back later')
    await arriveAfter(page, () => page.getByRole('link', { name: 'delete this application' }).press('Enter'))
    assert.equal(pathOf(page), '/apply/delete')
    await expectReflowAt320(page)
    // "No" goes back to the application, which is still there.
    await arriveAfter(page, () => page.getByRole('link', { name: 'No, go back to my application' }).press('Enter'))
    assert.equal(pathOf(page), '/apply/skills')
    await open(page, `${t.server.baseUrl}/apply/delete`)
    const draftCount = async () => ((await t.database.dataSource.query(`SELECT 1 FROM application_drafts`)) as unknown[]).length
    const before = await draftCount()
    await pressButton(page, 'Delete application')
    assert.equal(pathOf(page), '/apply/deleted')
    assert.equal(await page.locator('h1').textContent(), 'Your application has been deleted')
    await expectReflowAt320(page)
    assert.equal(await draftCount(), before - 1, 'the draft is gone')
    await open(page, `${t.server.baseUrl}/apply/name`)
    assert.equal(pathOf(page), '/apply/not-found')
  })
})

describe('Check your answers', () => {
  it('"Change" beside the roles adds a role, asks the order of preference again and the new role’s questions, and comes back', async () => {
    const page = await t.newPage()
    await answerUpToMotivation(page)
    await answer(page, { fill: { motivation: MOTIVATION } })
    await continueOn(page)
    await answer(page, { check: ['HTML/CSS'] })
    await continueOn(page)
    // "You might also like", when it has something to suggest, then the rest of the pages.
    if (pathOf(page) === '/apply/suggestions') await arriveAfter(page, () => page.getByRole('link', { name: 'Continue', exact: true }).press('Enter'))
    assert.equal(pathOf(page), '/apply/questions/web-developer')
    await answer(page, { fill: { 'question-web-experience': 'My own site on GitHub Pages.' } })
    await continueOn(page)
    await pressEnterIn(page, 'heardAbout')
    await answer(page, { check: ['#consent'] })
    await continueOn(page)
    await continueOn(page)
    assert.equal(pathOf(page), '/apply/check')
    await arriveAfter(page, () => page.locator('a[href="/apply/roles?change=1"]').press('Enter'))
    assert.equal(pathOf(page), '/apply/roles?change=1')
    await answer(page, { check: ['Community manager'] })
    await continueOn(page)
    // The new role comes last until the applicant says where it goes.
    assert.equal(pathOf(page), '/apply/role-order?change=1')
    assert.equal(await page.locator('#rank-community-manager').inputValue(), '2')
    await answer(page, { select: { 'rank-community-manager': '1', 'rank-web-developer': '2' } })
    await continueOn(page)
    assert.equal(pathOf(page), '/apply/questions/community-manager?change=1')
    assert.equal(await page.locator('h1').textContent(), 'Questions about the community manager role')
    await answer(page, { fill: { 'question-community-direction': 'A monthly beginners’ meet-up.' } })
    await continueOn(page)
    assert.equal(pathOf(page), '/apply/check')
    assert.ok(await page.locator('a[href="/apply/role-order?change=1"]').isVisible(), 'the order of two roles can be changed')
    assert.match((await page.locator('.nhsuk-summary-list').first().textContent()) ?? '', /Community manager[\s\S]*Web developer/, 'in the order given')
  })
})
