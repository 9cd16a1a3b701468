// A new executive's first weeks in Chromium, with axe (WCAG 2.2 A and AA) on every page: from the
// offer email to accepting, their checklist and team profile at /my-onboarding, the community
// manager's side at /onboarding, and the team page once they are active.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { acceptOffer } from '../../src/actions/offer/accept-offer.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { APPLICANT } from '../../src/services/audit.ts'
import { useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { executiveSignInPath, latestEmail, offerLinks, offerRole } from '../helpers/offers.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp()
let manager: StaffUser
let board: [StaffUser, StaffUser]

const ADA = { fullName: 'Ada Lovelace', email: 'ada.lovelace@example.org', roleSlug: 'web-developer', organisation: 'Barts Health NHS Trust' }
const BIO = 'Apprentice data analyst, learning to build accessible websites.'

t.before(async () => {
  manager = await createStaff(t, ['community-manager'], 'Cora Manager')
  board = [await createStaff(t, ['board-member'], 'Bea Board'), await createStaff(t, ['board-member'], 'Ben Board')]
})

/** Links in emails use the configured base URL; open their path on the test server. */
function onTestServer(pathOrLink: string): string {
  const url = new URL(pathOrLink, 'http://localhost:3000')
  return t.server.baseUrl + url.pathname + url.search
}

async function heading(page: Page): Promise<string> {
  return ((await page.locator('h1').first().textContent()) ?? '').replace(/\s+/g, ' ').trim()
}

/** The checklist rows as shown: item and status text. */
async function checklist(page: Page): Promise<Record<string, string>> {
  const rows = await page.locator('table tbody tr').evaluateAll((elements) =>
    elements.map((row) => {
      const cells = [...row.querySelectorAll<HTMLElement>('td, th')].map((cell) => cell.innerText.trim())
      return [cells[0] ?? '', cells.find((cell) => /^(Done|To do|Overdue)/.test(cell)) ?? '']
    }),
  )
  return Object.fromEntries(rows)
}

describe('onboarding in the browser', () => {
  it('from the offer email to an active executive on the team page', async () => {
    await offerRole(t, ADA, manager, board)
    const { accept, decline } = await offerLinks(t, ADA.email)

    // The applicant opens the decline link by mistake, and goes to accept instead.
    const applicant = await t.newPage()
    await open(applicant, onTestServer(decline))
    assert.equal(await heading(applicant), 'Decline the offer of the Web developer role')
    await arriveAfter(applicant, () => applicant.getByRole('link', { name: 'Accept the offer instead' }).press('Enter'))
    assert.equal(pathOf(applicant), accept)
    await pressButton(applicant, 'Accept the offer')
    assert.equal(pathOf(applicant), accept.replace(/accept$/, 'accepted'))
    assert.match(await applicant.locator('.nhsuk-panel').innerText(), /Offer accepted/)

    // The link again: the answer already recorded.
    await open(applicant, onTestServer(accept))
    assert.equal(await heading(applicant), 'You have already accepted this offer')

    // The welcome email's link, then the button.
    await open(applicant, onTestServer(await executiveSignInPath(t, ADA.email)))
    await pressButton(applicant, 'Sign in')
    assert.equal(pathOf(applicant), '/my-onboarding')
    assert.equal(await heading(applicant), 'Your getting-started checklist')
    const before = await checklist(applicant)
    assert.equal(before['Welcome call with the community manager'], 'To do')
    assert.equal(await applicant.getByRole('button', { name: 'Mark as done (Welcome call with the community manager)' }).count(), 0, 'not theirs to tick')

    // Their team page profile: an error first, then opting in.
    await arriveAfter(applicant, () => applicant.getByRole('link', { name: 'Change your profile' }).press('Enter'))
    assert.equal(pathOf(applicant), '/my-onboarding/profile')
    const tooLong = 'x'.repeat(501)
    await answer(applicant, { check: ['Yes, list me'], fill: { bio: tooLong } })
    await pressButton(applicant, 'Save')
    await expectErrorState(applicant, { field: 'bio', message: 'About you must be 500 characters or fewer', kept: { bio: tooLong }, stillChecked: ['showOnTeam'] })
    await answer(applicant, { fill: { organisation: 'Barts Health NHS Trust', bio: BIO } })
    await pressButton(applicant, 'Save')
    assert.equal(pathOf(applicant), '/my-onboarding')
    assert.match(await applicant.locator('.nhsuk-notification-banner').innerText(), /once you have finished getting started/)

    // They tick each of their own items: the ones with a button.
    const buttons = await applicant.locator('main button').evaluateAll((elements) => elements.map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim()))
    const own = buttons.filter((name) => name.startsWith('Mark as done (')).map((name) => name.slice('Mark as done ('.length, -1))
    const theirs = Object.keys(before).filter((title) => !own.includes(title))
    assert.ok(own.includes('Join the community’s Slack workspace') && own.includes('Add a profile to the team page'))
    assert.deepEqual(theirs, ['Welcome call with the community manager', 'Get access to the community’s GitHub organisation'])
    for (const title of own) {
      await pressButton(applicant, `Mark as done (${title})`)
      assert.equal(pathOf(applicant), '/my-onboarding')
    }
    const ticked = await checklist(applicant)
    for (const title of own) assert.match(ticked[title] ?? '', /^Done/, title)
    for (const title of theirs) assert.equal(ticked[title], 'To do', title)

    // The community manager follows the link in their email, signs in, and ticks their items.
    const acceptedEmail = await latestEmail(t, manager.email, 'offer-accepted')
    const executivePath = /http:\/\/localhost:3000(\/onboarding\/[0-9a-f-]{36})/.exec(acceptedEmail.text_body)![1]!
    const cm = await t.newPage()
    await open(cm, onTestServer(executivePath))
    assert.equal(pathOf(cm), '/sign-in')
    await answer(cm, { fill: { email: manager.email, password: STAFF_PASSWORD } })
    await pressButton(cm, 'Sign in')
    assert.equal(pathOf(cm), executivePath)
    assert.equal(await heading(cm), 'Ada Lovelace')
    assert.match(await cm.locator('main').innerText(), new RegExp(`${own.length} of ${own.length + theirs.length} done`))

    for (const title of theirs) {
      await pressButton(cm, `Mark as done (${title})`)
      assert.equal(pathOf(cm), executivePath)
    }
    assert.match(await cm.locator('.nhsuk-notification-banner').innerText(), /Every item is done: Ada Lovelace is now active/)
    assert.match(await cm.locator('main .nhsuk-tag').first().innerText(), /Active/)

    await arriveAfter(cm, () => cm.getByRole('link', { name: 'All executives' }).press('Enter'))
    assert.equal(pathOf(cm), '/onboarding')
    assert.match(await cm.locator('main').innerText(), /Nobody is getting started at the moment/)

    // The team page shows her now.
    await open(cm, onTestServer('/team'))
    const card = cm.locator('.nhsuk-card', { hasText: 'Ada Lovelace' })
    assert.equal(await card.count(), 1)
    assert.match(await card.innerText(), /Web developer/)
    assert.match(await card.innerText(), new RegExp(BIO))

    // And the executive sees that she has finished.
    await open(applicant, onTestServer('/my-onboarding'))
    assert.match(await applicant.locator('main').innerText(), /You have finished getting started/)
    const visitor = await t.newPage()
    await open(visitor, onTestServer('/team'))
    assert.equal(await visitor.locator('.nhsuk-card', { hasText: 'Ada Lovelace' }).count(), 1)
  })

  it('every other page of offers and onboarding passes axe, error states included', async () => {
    const mary = { fullName: 'Mary Seacole', email: 'mary@example.org', roleSlug: 'events-manager' }
    await offerRole(t, mary, manager, board)
    const { token } = await offerLinks(t, mary.email)

    // Links that cannot be used.
    const visitor = await t.newPage()
    await open(visitor, onTestServer(`/offer/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}/accept`), 404)
    assert.equal(await heading(visitor), 'This link does not work')
    await open(visitor, onTestServer('/my-onboarding/sign-in/not-a-token'), 400)
    assert.equal(await heading(visitor), 'This link has expired or has already been used')

    // Asking for a link to the checklist, with an error first.
    await open(visitor, onTestServer('/my-onboarding'))
    await answer(visitor, { fill: { email: 'mary.example.org' } })
    await pressButton(visitor, 'Send me a link')
    await expectErrorState(visitor, { field: 'email', message: 'Enter an email address in the correct format, like name@example.com', kept: { email: 'mary.example.org' } })
    await answer(visitor, { fill: { email: mary.email } })
    await pressButton(visitor, 'Send me a link')
    assert.equal(pathOf(visitor), '/my-onboarding/check-email')

    // The offer is declined.
    await open(visitor, onTestServer(`/offer/${token}/decline`))
    await pressButton(visitor, 'Decline the offer')
    assert.match(await visitor.locator('.nhsuk-panel').innerText(), /Offer declined/)

    // A community manager's forms for an executive (Ada, from the journey above, or a new one).
    const grace = { fullName: 'Grace Hopper', email: 'grace@example.org', roleSlug: 'content-manager' }
    await offerRole(t, grace, manager, board)
    const graceLinks = await offerLinks(t, grace.email)
    assert.equal((await t.services.act(acceptOffer, { token: graceLinks.token }, APPLICANT)).done, true)
    const [{ id }] = (await t.database.dataSource.query(`SELECT id FROM executives WHERE email = $1`, [grace.email])) as [{ id: string }]
    const cm = await t.newPage()
    await open(cm, onTestServer('/sign-in'))
    await answer(cm, { fill: { email: manager.email, password: STAFF_PASSWORD } })
    await pressButton(cm, 'Sign in')
    await open(cm, onTestServer(`/onboarding/${id}`))

    await arriveAfter(cm, () => cm.getByRole('link', { name: 'Add an item to the checklist' }).press('Enter'))
    await answer(cm, { fill: { title: '', dueOn: '' } })
    await pressButton(cm, 'Add item')
    await expectErrorState(cm, { field: 'title', message: 'Enter what needs to be done' })
    await answer(cm, { fill: { title: 'Get access to the Google Drive' }, check: ['Executive'] })
    await answer(cm, { fill: { dueOn: '2030-01-31' } })
    await pressButton(cm, 'Add item')
    assert.equal(pathOf(cm), `/onboarding/${id}`)

    await arriveAfter(cm, () => cm.getByRole('link', { name: 'Change who does this (Get access to the Google Drive)' }).press('Enter'))
    await answer(cm, { check: ['Community manager'] })
    await pressButton(cm, 'Save')
    assert.equal(pathOf(cm), `/onboarding/${id}`)

    await arriveAfter(cm, () => cm.getByRole('link', { name: 'Change the end of the term' }).press('Enter'))
    await answer(cm, { fill: { termEndsOn: '2000-01-01' } })
    await pressButton(cm, 'Save')
    await expectErrorState(cm, { field: 'termEndsOn', message: 'The last day of the term must be after the day it started' })
    await answer(cm, { fill: { termEndsOn: '2040-06-30' } })
    await pressButton(cm, 'Save')
    assert.equal(pathOf(cm), `/onboarding/${id}`)

    await arriveAfter(cm, () => cm.getByRole('link', { name: 'Add handover notes' }).press('Enter'))
    await answer(cm, { fill: { handoverNotes: 'The social media passwords are in the vault.' } })
    await pressButton(cm, 'Save handover notes')
    assert.match(await cm.locator('main').innerText(), /The social media passwords are in the vault\./)

    await arriveAfter(cm, () => cm.getByRole('link', { name: 'Mark Grace Hopper as active now' }).press('Enter'))
    assert.equal(await heading(cm), 'Mark Grace Hopper as active?')
    await pressButton(cm, 'Mark as active')
    await arriveAfter(cm, () => cm.getByRole('link', { name: 'End Grace Hopper’s term' }).press('Enter'))
    await pressButton(cm, 'End the term')
    assert.match(await cm.locator('main').innerText(), /Term ended/)
    await open(cm, onTestServer('/onboarding'))
    await open(cm, onTestServer('/account'))
  })
})
