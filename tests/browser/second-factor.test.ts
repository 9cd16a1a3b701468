// A board member's authenticator app in Chromium, from the keyboard only, with axe on every page
// and error state: set up at the first sign-in the policy asks for one (reading the secret from
// the page, as someone who cannot scan would), the code after the password, a recovery code, and
// an admin's reset. Codes are made from the secret with otplib, as the person's app makes them.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { Page } from 'playwright-core'
import { useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { freshCode, setSecondFactorPolicy } from '../helpers/second-factor.ts'
import { STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp({ staff: { member: { name: 'Bea Board', roles: ['board-member'] }, admin: { name: 'Ada Admin', roles: ['admin'] } } })
const url = (path: string) => `${t.server.baseUrl}${path}`
let secret = ''
let recoveryCodes: string[] = []

t.before(() => setSecondFactorPolicy(t, true))

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await open(page, url('/sign-in'))
  await answer(page, { fill: { email, password: STAFF_PASSWORD } })
  await pressButton(page, 'Sign in')
}

async function followLink(page: Page, name: string): Promise<void> {
  await arriveAfter(page, () => page.getByRole('link', { name, exact: true }).press('Enter'))
}

it('sets up an authenticator app at the first sign-in, without scanning the QR code', async () => {
  const page = await t.newPage()
  await signInWithPassword(page, t.staff.member.email)
  assert.equal(pathOf(page), '/account/authenticator-app')
  assert.ok(await page.getByRole('img', { name: 'QR code to add this service to your authenticator app' }).isVisible())

  await pressButton(page, 'Continue')
  await expectErrorState(page, { field: 'code', message: 'Enter the 6-digit code from your authenticator app' })
  await answer(page, { fill: { code: '000000' } })
  await pressButton(page, 'Continue')
  await expectErrorState(page, { field: 'code', message: 'Enter the code your authenticator app shows now for this service', kept: { code: '' } })

  // Cannot scan: the key is under "I cannot scan the QR code", opened from the keyboard.
  const summary = page.locator('summary', { hasText: 'I cannot scan the QR code' })
  await summary.focus()
  await summary.press('Enter')
  const key = page.locator('#secret-key')
  assert.ok(await key.isVisible())
  secret = ((await key.textContent()) ?? '').replace(/\s/g, '')
  assert.match(secret, /^[A-Z2-7]{32}$/)

  await answer(page, { fill: { code: await freshCode(t, t.staff.member, secret) } })
  await pressButton(page, 'Continue')
  assert.equal(pathOf(page), '/account/recovery-codes')
  recoveryCodes = await page.locator('.app-recovery-codes code').allTextContents()
  assert.equal(recoveryCodes.length, 10)
  await pressButton(page, 'Continue')
  assert.equal(pathOf(page), '/review')
})

it('asks for the code after the password, with the NHS error pattern for a wrong one', async () => {
  const page = await t.newPage()
  await signInWithPassword(page, t.staff.member.email)
  assert.equal(pathOf(page), '/sign-in/code')
  await answer(page, { fill: { code: '12345' } })
  await pressButton(page, 'Continue')
  await expectErrorState(page, { field: 'code', message: 'The code must be 6 digits, like 123456' })
  await answer(page, { fill: { code: '000000' } })
  await pressButton(page, 'Continue')
  await expectErrorState(page, { field: 'code', message: 'Enter the code your authenticator app shows now' })
  await answer(page, { fill: { code: await freshCode(t, t.staff.member, secret) } })
  await pressButton(page, 'Continue')
  assert.equal(pathOf(page), '/review')

  await open(page, url('/account'))
  assert.ok(await page.getByText('You have 10 recovery codes left').isVisible())
  await followLink(page, 'Get new recovery codes')
  assert.equal(pathOf(page), '/account/recovery-codes')
  await pressButton(page, 'Sign out')
})

it('signs in with a recovery code instead', async () => {
  const page = await t.newPage()
  await signInWithPassword(page, t.staff.member.email)
  await followLink(page, 'I cannot use my authenticator app')
  assert.equal(pathOf(page), '/sign-in/recovery-code')
  await pressButton(page, 'Continue')
  await expectErrorState(page, { field: 'recoveryCode', message: 'Enter one of your recovery codes' })
  await answer(page, { fill: { recoveryCode: recoveryCodes[0]! } })
  await pressButton(page, 'Continue')
  assert.equal(pathOf(page), '/review')
  assert.ok(await page.getByText('You signed in with a recovery code. You have 9 left').isVisible())
})

it('lets an admin reset it, after which the person sets up a new one', async () => {
  const page = await t.newPage()
  await signInWithPassword(page, t.staff.admin.email)
  // The admin, too, sets up an app first: the policy is on.
  assert.equal(pathOf(page), '/account/authenticator-app')
  const summary = page.locator('summary', { hasText: 'I cannot scan the QR code' })
  await summary.focus()
  await summary.press('Enter')
  const adminSecret = ((await page.locator('#secret-key').textContent()) ?? '').replace(/\s/g, '')
  await answer(page, { fill: { code: await freshCode(t, t.staff.admin, adminSecret) } })
  await pressButton(page, 'Continue')
  await pressButton(page, 'Continue')

  await open(page, url(`/admin/users/${t.staff.member.id}`))
  await followLink(page, 'Reset their authenticator app')
  assert.equal(pathOf(page), `/admin/users/${t.staff.member.id}/second-factor`)
  await pressButton(page, 'Reset authenticator app')
  assert.equal(pathOf(page), `/admin/users/${t.staff.member.id}`)
  assert.ok(await page.getByText('Bea Board’s authenticator app has been reset').isVisible())

  const member = await t.newPage()
  await signInWithPassword(member, t.staff.member.email)
  assert.equal(pathOf(member), '/account/authenticator-app')
})

it('fits a 320 pixel wide screen without scrolling sideways', async () => {
  const page = await t.newPage()
  await page.setViewportSize({ width: 320, height: 640 })
  await signInWithPassword(page, t.staff.member.email)
  assert.equal(pathOf(page), '/account/authenticator-app')
  const summary = page.locator('summary', { hasText: 'I cannot scan the QR code' })
  await summary.focus()
  await summary.press('Enter')
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.equal(overflow, 0)
})
