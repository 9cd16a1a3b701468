// Staff single sign-on in Chromium, through a real OpenID Connect provider (oidc-provider) run in
// this process on a free port: its own login and consent pages, then back to the app. Axe runs on
// every page of the app (the provider's pages are its own development forms, not ours). Also:
// an unknown address, a deactivated account, an unverified address, a wrong state, a replayed
// code, a wrong nonce, and the provider down. Everything is done from the keyboard.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { deactivateStaffUser } from '../../src/actions/admin/users/deactivate-staff-user.ts'
import { createLogger } from '../../src/logger.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { expectNoAxeViolations, launchBrowser, listen, newContext, type RunningServer } from '../helpers/browser.ts'
import { arriveAfter, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { startIdentityProvider, TEST_CLIENT_SECRET, type TestIdentityProvider } from '../helpers/identity-provider.ts'
import { freePort } from '../helpers/load.ts'
import { setSecondFactorPolicy } from '../helpers/second-factor.ts'
import { createStaff } from '../helpers/staff.ts'

const logLines: string[] = []
let idp: TestIdentityProvider
let t: TestApp
let server: RunningServer
let browser: Browser
let baseUrl: string
/** Callback addresses the provider sent a browser to, their codes used. */
const callbacks: string[] = []

before(async () => {
  const port = await freePort()
  baseUrl = `http://127.0.0.1:${port}`
  idp = await startIdentityProvider(baseUrl)
  t = await createTestApp(
    { baseUrl, oidc: { issuer: new URL(idp.issuer), clientId: idp.clientId, clientSecret: idp.clientSecret, allowedEmailDomains: ['nhs.net'] } },
    createLogger('trace', { destination: { write: (line: string) => void logLines.push(line) } }),
  )
  server = await listen(t.app, port)
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
  await idp?.close()
  await t?.close()
})

async function newPage(): Promise<Page> {
  return (await newContext(browser)).newPage()
}

/** From /sign-in, the single sign-on button, pressed with the keyboard: the browser ends up at the provider's login page. */
async function startSso(page: Page): Promise<void> {
  await open(page, `${baseUrl}/sign-in`)
  const button = page.getByRole('button', { name: 'Sign in with your NHS account', exact: true })
  await Promise.all([page.waitForURL(`${idp.issuer}/**`), button.press('Enter')])
}

/** The provider's login and consent pages, as the person fills them in; ends back at the app. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login)
  await page.locator('input[name="password"]').fill('any password')
  await Promise.all([page.waitForURL(/\/interaction\//), page.locator('input[name="password"]').press('Enter')])
  // The consent page: its button has focus.
  await Promise.all([page.waitForURL(`${baseUrl}/**`), page.getByRole('button', { name: 'Continue' }).press('Enter')])
  await page.waitForLoadState('load')
  await expectNoAxeViolations(page)
}

/** Why the app last refused a single sign-on, as it logged it (the library's words, no personal data). */
function lastRefusal(): string {
  const entries = logLines.map((line) => JSON.parse(line) as { msg?: string; reason?: string }).filter((entry) => entry.msg === 'single sign-on refused')
  return entries.at(-1)?.reason ?? ''
}

async function heading(page: Page): Promise<string> {
  return ((await page.locator('h1').textContent()) ?? '').trim()
}

it('signs a member of staff in with their NHS account, which meets the second-factor policy, and offers the provider’s sign-out', async () => {
  await setSecondFactorPolicy(t, true)
  await createStaff(t, ['board-member'], 'Sso Person').then((user) => t.database.dataSource.query(`UPDATE staff_users SET email = 'sso.person@nhs.net' WHERE id = $1`, [user.id]))
  const page = await newPage()
  await startSso(page)
  await signInAtProvider(page, 'SSO.Person@nhs.net')
  assert.equal(pathOf(page), '/review')
  assert.ok(await page.getByText('Sso Person').first().isVisible())

  await pressButton(page, 'Sign out')
  assert.equal(pathOf(page), '/signed-out?from=sso')
  const providerSignOut = page.getByRole('link', { name: 'sign out of your work account too' })
  const href = new URL((await providerSignOut.getAttribute('href'))!)
  assert.equal(href.origin, idp.issuer)
  assert.equal(href.searchParams.get('post_logout_redirect_uri'), `${baseUrl}/signed-out`)
  // Signed out here: staff pages ask for sign-in again.
  await open(page, `${baseUrl}/review`)
  assert.equal(pathOf(page), '/sign-in')
  await setSecondFactorPolicy(t, false)
})

it('signs nobody in whose address has no staff account, or whose account is deactivated, with the same page', async () => {
  const admin = await createStaff(t, ['admin'])
  const leaver = await createStaff(t, ['board-member'], 'Lou Leaver')
  await t.database.dataSource.query(`UPDATE staff_users SET email = 'lou.leaver@nhs.net' WHERE id = $1`, [leaver.id])
  await t.services.act(deactivateStaffUser, { id: leaver.id }, { type: 'staff', id: admin.id })
  const answers: string[] = []
  for (const login of ['nobody.here@nhs.net', 'lou.leaver@nhs.net']) {
    const page = await newPage()
    await startSso(page)
    await signInAtProvider(page, login)
    assert.equal(pathOf(page), '/sign-in/sso/callback' + new URL(page.url()).search)
    assert.equal(await heading(page), 'There is no staff account for you here')
    callbacks.push(page.url())
    answers.push(await page.locator('main').innerText())
    await open(page, `${baseUrl}/review`)
    assert.equal(pathOf(page), '/sign-in', `${login} is not signed in`)
  }
  assert.equal(answers[0], answers[1])
})

it('refuses an address the provider has not verified, and one on a domain that is not allowed', async () => {
  const user = await createStaff(t, ['board-member'])
  await t.database.dataSource.query(`UPDATE staff_users SET email = 'unverified.person@nhs.net' WHERE id = $1`, [user.id])
  const other = await createStaff(t, ['board-member'])
  await t.database.dataSource.query(`UPDATE staff_users SET email = 'someone@example.org' WHERE id = $1`, [other.id])
  for (const login of ['unverified.person@nhs.net', 'someone@example.org']) {
    const page = await newPage()
    await startSso(page)
    await signInAtProvider(page, login)
    assert.equal(await heading(page), 'There is no staff account for you here', login)
  }
})

it('refuses a callback with the wrong state', async () => {
  const page = await newPage()
  // The provider sends back whatever state it was given: here, not the one the app sent.
  idp.onNextAuthorisation({ change: (parameters) => parameters.set('state', 'not-the-state-the-app-sent') })
  await startSso(page)
  await signInAtProvider(page, 'sso.person@nhs.net')
  assert.equal(await heading(page), 'We could not sign you in')
  assert.match(lastRefusal(), /state/)
  await arriveAfter(page, () => page.getByRole('link', { name: 'Go back to sign in' }).press('Enter'))
  assert.equal(pathOf(page), '/sign-in')
  await open(page, `${baseUrl}/review`)
  assert.equal(pathOf(page), '/sign-in')
})

it('refuses a code that was used before, even with a state of its own', async () => {
  const used = callbacks[0]
  assert.ok(used, 'an earlier sign-in went through a callback')
  const page = await newPage()
  // A new sign-in begins (its own state and PKCE verifier in the session) but stops at the provider ...
  let sent: URLSearchParams | undefined
  idp.onNextAuthorisation({ stop: (parameters) => void (sent = new URLSearchParams(parameters)) })
  await startSso(page)
  assert.ok(sent)
  // ... and the old code comes back under the new state.
  const replay = new URL(used)
  replay.searchParams.set('state', sent.get('state')!)
  const response = await page.goto(replay.href)
  assert.equal(response?.status(), 400)
  await expectNoAxeViolations(page)
  assert.equal(await heading(page), 'We could not sign you in')
  assert.match(lastRefusal(), /invalid_grant/, 'the provider refused the code')
  await open(page, `${baseUrl}/review`)
  assert.equal(pathOf(page), '/sign-in')
  // The same address again, with nothing in progress, finishes nothing either.
  assert.equal((await page.goto(replay.href))?.status(), 400)
})

it('refuses an ID token with another nonce', async () => {
  const page = await newPage()
  idp.onNextAuthorisation({ change: (parameters) => parameters.set('nonce', 'a-nonce-the-app-did-not-send') })
  await startSso(page)
  await signInAtProvider(page, 'sso.person@nhs.net')
  assert.equal(await heading(page), 'We could not sign you in')
  assert.match(lastRefusal(), /nonce/)
  await open(page, `${baseUrl}/review`)
  assert.equal(pathOf(page), '/sign-in')
})

it('says plainly when the provider is down, and offers password sign-in', async () => {
  await idp.close()
  const page = await newPage()
  await open(page, `${baseUrl}/sign-in`)
  const response = page.waitForResponse((answer) => answer.url() === `${baseUrl}/sign-in/sso`)
  await pressButton(page, 'Sign in with your NHS account')
  assert.equal((await response).status(), 503)
  assert.equal(await heading(page), 'Single sign-on is not working at the moment')
  await arriveAfter(page, () => page.getByRole('link', { name: 'sign in with your email address and password' }).press('Enter'))
  assert.equal(pathOf(page), '/sign-in')
  assert.ok(await page.locator('#password').isVisible())
})

it('logged neither the client secret nor any authorisation code', () => {
  const log = logLines.join('')
  assert.ok(logLines.length > 20, 'requests were logged')
  assert.ok(!log.includes(TEST_CLIENT_SECRET), 'the client secret is in the log')
  for (const url of callbacks) {
    const code = new URL(url).searchParams.get('code')
    if (code) assert.ok(!log.includes(code), 'an authorisation code is in the log')
  }
})
