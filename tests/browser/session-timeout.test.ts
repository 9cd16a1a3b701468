// The warning before a signed-in staff session ends for inactivity, in Chromium, from the
// keyboard alone, with axe on every page and on the open dialog, at 320 px wide. The idle time is
// 24 seconds here (as a configuration may set it) and the warning 16, so that the test waits for
// the dialog rather than for 28 minutes: nothing here measures time, it waits for what a person
// would see. (The dialog opens about 5.6 seconds after the last activity, and the browser signs
// out 16 seconds later: time enough for the checks made while it is open.)
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import type { StaffUser } from '../../src/entities/index.ts'
import { testConfig } from '../helpers/app.ts'
import { expectNoAxeViolations, useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, open, pathOf } from '../helpers/browser-forms.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp({ config: { session: { ...testConfig().session, idleMinutes: 0.4, timeoutWarningSeconds: 16 } } })
const url = (path: string) => `${t.server.baseUrl}${path}`
const DIALOG_NAME = 'You’re about to be signed out'

let admin: StaffUser
t.before(async () => {
  admin = await createStaff(t, ['admin'], 'Ada Admin')
})

async function signInAt320(): Promise<Page> {
  const page = await t.newPage()
  await page.setViewportSize({ width: 320, height: 640 })
  await open(page, url('/sign-in'))
  await answer(page, { fill: { email: admin.email, password: STAFF_PASSWORD } })
  await arriveAfter(page, () => page.locator('#password').press('Enter'))
  assert.equal(pathOf(page), '/staff')
  return page
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 320, `${pathOf(page)} is ${width}px wide at 320px`)
}

/** Where keyboard focus is: the focused element's text, and whether it is inside the dialog. */
function focus(page: Page): Promise<{ text: string; inDialog: boolean }> {
  return page.evaluate(() => ({
    text: (document.activeElement?.textContent ?? '').trim(),
    inDialog: Boolean(document.activeElement?.closest('dialog')),
  }))
}

/** When the store will end the admin's session (their only one), unless a request renews it. */
async function sessionExpiry(): Promise<Date | null> {
  const rows: { expire: Date }[] = await t.database.dataSource.query(`SELECT "expire" FROM "sessions" WHERE "sess" -> 'passport' ->> 'user' = $1`, [admin.id])
  assert.ok(rows.length <= 1, 'one session at most')
  return rows[0]?.expire ?? null
}

describe('the warning before a staff session ends', () => {
  it('moves focus into the dialog; "Stay signed in" and Escape keep the session; when time runs out, the person is signed out and told why', async () => {
    await t.database.dataSource.query(`DELETE FROM "sessions"`)
    const page = await signInAt320()
    const dialog = page.getByRole('dialog', { name: DIALOG_NAME })
    // Focus on the first thing on the page, where a keyboard user starts.
    await page.keyboard.press('Tab')
    assert.equal((await focus(page)).text, 'Skip to main content')

    await dialog.waitFor({ state: 'visible' })
    assert.deepEqual(await focus(page), { text: 'Stay signed in', inDialog: true })
    assert.match((await page.locator('#session-timeout-message').textContent()) ?? '', /^For your security, we will sign you out in \d+ seconds\. Anything you have not saved will be lost\.$/)
    assert.equal(await dialog.getAttribute('aria-describedby'), 'session-timeout-message')
    await expectNoAxeViolations(page)
    await expectNoHorizontalScroll(page)
    // The two buttons, from the keyboard.
    await page.keyboard.press('Tab')
    assert.deepEqual(await focus(page), { text: 'Sign out', inDialog: true })
    await page.keyboard.press('Shift+Tab')
    assert.deepEqual(await focus(page), { text: 'Stay signed in', inDialog: true })

    const before = await sessionExpiry()
    assert.ok(before)
    const [kept] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/staff/stay-signed-in')), page.keyboard.press('Enter')])
    assert.equal(kept.status(), 204)
    await dialog.waitFor({ state: 'hidden' })
    assert.equal((await focus(page)).text, 'Skip to main content', 'focus goes back where it was')
    const renewed = await sessionExpiry()
    assert.ok(renewed && renewed > before, 'the session was renewed')
    assert.equal(pathOf(page), '/staff', 'the page stays as it was')

    // Escape means "Stay signed in" too.
    await dialog.waitFor({ state: 'visible' })
    const [keptAgain] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/staff/stay-signed-in')), page.keyboard.press('Escape')])
    assert.equal(keptAgain.status(), 204)
    await dialog.waitFor({ state: 'hidden' })
    const renewedAgain = await sessionExpiry()
    assert.ok(renewedAgain && renewedAgain > renewed)

    // Then nothing: the time runs out.
    await dialog.waitFor({ state: 'visible' })
    await page.waitForURL((address) => address.pathname === '/signed-out', { timeout: 120_000 })
    assert.equal(pathOf(page), '/signed-out?reason=inactive')
    await expectNoAxeViolations(page)
    await expectNoHorizontalScroll(page)
    assert.equal(await page.locator('h1').textContent(), 'You have been signed out')
    assert.match((await page.locator('main').textContent()) ?? '', /For your security, we signed you out because you had not used the service for 24 seconds\./)
    assert.equal(await page.locator('#session-timeout').count(), 0, 'no warning once signed out')
    assert.equal(await sessionExpiry(), null, 'the session is gone from the store')
    await open(page, url('/sign-in'))
    const response = await page.goto(url('/staff'))
    assert.equal(new URL(response!.url()).pathname, '/sign-in', 'signed out for real')
  })

  it('"Sign out" in the dialog signs out at once', async () => {
    const page = await signInAt320()
    const dialog = page.getByRole('dialog', { name: DIALOG_NAME })
    await dialog.waitFor({ state: 'visible' })
    await page.keyboard.press('Tab')
    assert.deepEqual(await focus(page), { text: 'Sign out', inDialog: true })
    await arriveAfter(page, () => page.keyboard.press('Enter'))
    assert.equal(pathOf(page), '/signed-out')
    assert.equal(await page.locator('h1').textContent(), 'You have signed out')
    assert.equal(await sessionExpiry(), null)
  })

  it('without its script, the dialog never shows and the pages work as before', async () => {
    // As where the script fails to load: the closed <dialog> is never shown.
    const page = await t.newPage()
    await page.route('**/session-timeout.js', (route) => route.abort())
    await page.setViewportSize({ width: 320, height: 640 })
    await open(page, url('/sign-in'))
    await answer(page, { fill: { email: admin.email, password: STAFF_PASSWORD } })
    await arriveAfter(page, () => page.locator('#password').press('Enter'))
    assert.equal(pathOf(page), '/staff')
    assert.equal(await page.locator('#session-timeout').isVisible(), false)
    await expectNoHorizontalScroll(page)
    await arriveAfter(page, () => page.getByRole('link', { name: 'Ada Admin' }).press('Enter'))
    assert.equal(pathOf(page), '/account')
    assert.equal(await page.locator('#session-timeout').isVisible(), false)
  })

  it('with JavaScript off, signing in and moving around work, with no dialog', async () => {
    // Axe needs JavaScript in the page, so it does not run here; these pages pass it above.
    const context = await t.browser.newContext({ locale: 'en-GB', javaScriptEnabled: false, viewport: { width: 320, height: 640 } })
    t.onClose(() => context.close())
    const page = await context.newPage()
    await page.goto(url('/sign-in'))
    await page.locator('#email').fill(admin.email)
    await page.locator('#password').fill(STAFF_PASSWORD)
    await Promise.all([page.waitForNavigation(), page.locator('#password').press('Enter')])
    assert.equal(pathOf(page), '/staff')
    assert.equal(await page.locator('#session-timeout').isVisible(), false)
    await expectNoHorizontalScroll(page)
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Ada Admin' }).press('Enter')])
    assert.equal(pathOf(page), '/account')
  })
})
