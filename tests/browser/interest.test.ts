// Registering interest in Chromium, as someone who finds no open role would: from the start
// page, one question a page with the keyboard, every error state, Check your answers, the
// emailed links to confirm and to unsubscribe. Axe runs on every page, and no page scrolls
// sideways at 320 px.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { LIMITS } from '../../src/domain/limits.ts'
import { expectNoAxeViolations, useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, continueOn, expectErrorState, open, pathOf, pressButton, pressEnterIn } from '../helpers/browser-forms.ts'
import { confirmToken, unsubscribeToken } from '../helpers/interest.ts'

const t = useBrowserApp()

beforeEach(async () => {
  await t.database.dataSource.query(`UPDATE roles SET status = 'closed', closes_on = NULL`)
  await t.database.dataSource.query(`TRUNCATE interest_registrations, rate_limit_hits, email_messages CASCADE`)
  t.services.roles.changed()
})

const ROLES = 'Which roles would you like to hear about?'
// Long enough to overflow a phone's width unless it wraps.
const LONG_EMAIL = 'firstname.middlename.lastname.apprentice@long-trust-name.nhs.example.org'

/** The page is no wider than the window: nothing to scroll sideways to (WCAG 1.4.10 Reflow). */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }))
  assert.ok(scrollWidth <= clientWidth, `${pathOf(page)} scrolls sideways at ${clientWidth} px: ${scrollWidth} px wide`)
}

/** Every page of the journey, in order, with the checks each gets on arrival. */
async function walk(page: Page, email: string, arrived: (page: Page) => Promise<void>): Promise<void> {
  await open(page, `${t.server.baseUrl}/`)
  await arrived(page)
  await arriveAfter(page, () => page.getByRole('link', { name: 'Get an email when a role opens' }).press('Enter'))
  assert.equal(pathOf(page), '/interest')
  await arrived(page)
  await arriveAfter(page, () => page.getByRole('button', { name: 'Start now' }).press('Enter'))
  assert.equal(pathOf(page), '/interest/email')
  await arrived(page)

  await pressEnterIn(page, 'email')
  await expectErrorState(page, { field: 'email', message: 'Enter your email address' })
  await arrived(page)
  await answer(page, { fill: { email: 'not an address' } })
  await pressEnterIn(page, 'email')
  await expectErrorState(page, { field: 'email', message: 'Enter an email address in the correct format', kept: { email: 'not an address' } })
  await answer(page, { fill: { email } })
  await pressEnterIn(page, 'email')
  assert.equal(pathOf(page), '/interest/roles')
  await arrived(page)

  await continueOn(page)
  await expectErrorState(page, { field: 'roles', message: 'Select the roles you would like to hear about, or any role' })
  await arrived(page)
  // "Any role" clears the others, and choosing a role clears "any role".
  await answer(page, { check: [[ROLES, 'Web developer']] })
  await answer(page, { check: [[ROLES, 'Any role, including new ones']] })
  assert.equal(await page.getByLabel('Web developer', { exact: true }).isChecked(), false)
  await answer(page, { check: [[ROLES, 'Web developer'], [ROLES, 'Events manager']] })
  assert.equal(await page.getByLabel('Any role, including new ones', { exact: true }).isChecked(), false)
  await page.getByLabel('Events manager', { exact: true }).focus()
  await continueOn(page)
  assert.equal(pathOf(page), '/interest/consent')
  await arrived(page)

  await continueOn(page)
  await expectErrorState(page, { field: 'consent', message: 'Confirm that you agree to us emailing you about volunteer roles' })
  await arrived(page)
  await page.getByLabel('I agree to the NHS Python Community emailing me when the roles I chose open', { exact: true }).press('Space')
  await continueOn(page)
  assert.equal(pathOf(page), '/interest/check')
  await arrived(page)

  // Change an answer from Check your answers, and come back to it.
  await arriveAfter(page, () => page.getByRole('link', { name: 'Change the roles you would like to hear about' }).press('Enter'))
  assert.equal(pathOf(page), '/interest/roles?change=1')
  assert.ok(await page.getByLabel('Events manager', { exact: true }).isChecked(), 'the answer is kept')
  await page.getByLabel('Events manager', { exact: true }).press('Space')
  await continueOn(page)
  assert.equal(pathOf(page), '/interest/check')
  assert.equal(await page.locator('.nhsuk-summary-list').getByText('Events manager').count(), 0)

  await pressButton(page, 'Send confirmation email')
  assert.equal(pathOf(page), '/interest/check-email')
  assert.match((await page.locator('main').textContent()) ?? '', new RegExp(email.replace(/\./g, '\\.')))
  await arrived(page)

  // The link in the email: a page with a button, then the confirmation.
  const token = await confirmToken(t, email)
  await open(page, `${t.server.baseUrl}/interest/confirm/${token}`)
  await arrived(page)
  await pressButton(page, 'Confirm')
  assert.equal(pathOf(page), '/interest/confirmed')
  assert.match((await page.locator('h1').textContent()) ?? '', /Your email address is confirmed/)
  await arrived(page)
  await open(page, `${t.server.baseUrl}/interest/confirm/${token}`, 410)
  await arrived(page)

  // And the unsubscribe link every one of these emails has.
  const unsubscribe = await unsubscribeToken(t, email, 'interest-confirm')
  await open(page, `${t.server.baseUrl}/interest/unsubscribe/${unsubscribe}`)
  await arrived(page)
  await pressButton(page, 'Unsubscribe')
  assert.equal(pathOf(page), '/interest/unsubscribed')
  await arrived(page)
  await open(page, `${t.server.baseUrl}/interest/unsubscribe/${unsubscribe}`, 410)
  await arrived(page)
}

describe('getting an email when a role opens', () => {
  it('from the start page to confirmed and unsubscribed, with the keyboard, every page and error state passing axe', async () => {
    const page = await t.newPage()
    await walk(page, 'ada@example.org', async () => {})
    assert.deepEqual(await t.database.dataSource.query(`SELECT 1 FROM interest_registrations`), [])
  })

  it('reflows at 320 px: no page of the journey scrolls sideways, a long email address included', async () => {
    const page = await t.newPage()
    await page.setViewportSize({ width: 320, height: 640 })
    await walk(page, LONG_EMAIL, expectNoHorizontalScroll)
  })

  it('a closed role page leads to it with that role chosen, and the "too many" page passes axe', async () => {
    const page = await t.newPage()
    await open(page, `${t.server.baseUrl}/roles/events-manager`)
    await arriveAfter(page, () => page.getByRole('link', { name: 'Get an email when this role opens again' }).press('Enter'))
    assert.equal(pathOf(page), '/interest?role=events-manager')
    assert.match((await page.locator('main').textContent()) ?? '', /The Events manager role is not taking applications at the moment/)
    await open(page, `${t.server.baseUrl}/interest/roles`)
    assert.ok(await page.getByLabel('Events manager', { exact: true }).isChecked())

    // Sent once; then the network has sent as many as it may this hour.
    const fillIn = async () => {
      await open(page, `${t.server.baseUrl}/interest/email`)
      await answer(page, { fill: { email: 'bob@example.org' } })
      await pressEnterIn(page, 'email')
      await answer(page, { check: [[ROLES, 'Events manager']] })
      await continueOn(page)
      await page.locator('#consent').check()
      await continueOn(page)
      assert.equal(pathOf(page), '/interest/check')
    }
    await fillIn()
    await pressButton(page, 'Send confirmation email')
    await t.database.dataSource.query(`UPDATE rate_limit_hits SET hits = $1 WHERE key LIKE 'interestregistrationsperip:%'`, [LIMITS.interestRegistrationsPerIp.limit])
    await fillIn()
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send confirmation email' }).press('Enter')])
    assert.equal(response?.status(), 429)
    await expectNoAxeViolations(page)
    assert.match((await page.locator('h1').textContent()) ?? '', /You cannot register interest again yet/)
    // The answers are still there to send later.
    await open(page, `${t.server.baseUrl}/interest/check`)
  })
})
