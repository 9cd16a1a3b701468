// In Chromium, with axe (WCAG 2.2 A and AA) on every page visited, error states included: an
// admin sets the community's links at /admin/settings from the keyboard; the links then appear
// where the pages promise them (the footer, a role page, a new executive's checklist); the
// audit log reads in words; a password made at an invitation link is confirmed on the sign-in
// page; the accessibility statement gives its dates. Each of these pages reflows at 320 pixels
// wide with no sideways scrolling.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { inviteStaffUser } from '../../src/actions/admin/users/invite-staff-user.ts'
import { useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { executiveSignInToken, newExecutive, tokenFromEmail } from '../helpers/review.ts'
import { STAFF_PASSWORD } from '../helpers/staff.ts'

const SLACK = 'https://join.slack.com/t/nhs-pycom/shared_invite/zt-invite'
const CONDUCT = 'https://nhs-pycom.net/code-of-conduct'

const t = useBrowserApp({
  staff: {
    admin: { name: 'Ada Admin', roles: ['admin'] },
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
  },
})
const url = (path: string) => `${t.server.baseUrl}${path}`

/** The page at 320 CSS pixels wide (400% zoom of a 1280 pixel screen) scrolls only up and down. */
async function expectReflowAt320(page: Page): Promise<void> {
  const size = page.viewportSize()
  await page.setViewportSize({ width: 320, height: 640 })
  try {
    // The NHS header moves menu items that no longer fit into "More" once it hears of the resize.
    await page.waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth, null, { timeout: 5_000 }).catch(() => {})
    const { overflow, wide } = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      // What sticks out, to say why.
      wide: [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${[...element.classList].join('.')}`),
    }))
    assert.ok(overflow <= 0, `${pathOf(page)} scrolls sideways by ${overflow}px at 320px wide: ${wide.join(', ')}`)
  } finally {
    if (size) await page.setViewportSize(size)
  }
}

async function signInAsStaff(page: Page, email: string): Promise<void> {
  await open(page, url('/sign-in'))
  await answer(page, { fill: { email, password: STAFF_PASSWORD } })
  await arriveAfter(page, () => page.locator('#password').press('Enter'))
}

describe('the community’s links', () => {
  it('an admin sets them from the keyboard, through an error first', async () => {
    const page = await t.newPage()
    await signInAsStaff(page, t.staff.admin.email)
    await open(page, url('/admin/settings'))
    await expectReflowAt320(page)
    await answer(page, { fill: { slackInviteUrl: 'slack.com/invite', codeOfConductUrl: CONDUCT } })
    await pressButton(page, 'Save settings')
    await expectErrorState(page, {
      field: 'slackInviteUrl',
      message: 'Enter the Slack invite link starting with https://',
      kept: { slackInviteUrl: 'slack.com/invite', codeOfConductUrl: CONDUCT },
    })
    await expectReflowAt320(page)

    await answer(page, { fill: { slackInviteUrl: SLACK } })
    await pressButton(page, 'Save settings')
    assert.equal(pathOf(page), '/admin/settings')
    assert.match((await page.locator('.nhsuk-notification-banner').textContent()) ?? '', /Settings saved/)
    assert.equal(await page.locator('#slackInviteUrl').inputValue(), SLACK)
    // The footer of every page links to the community's website (seeded from the post).
    assert.equal(await page.locator('footer').getByRole('link', { name: 'The community’s website' }).getAttribute('href'), 'https://nhs-pycom.net/')
  })

  it('a role page gives the term, the steps after applying, whom to ask, and links the website it names', async () => {
    const page = await t.newPage()
    await open(page, url('/roles/web-developer'))
    assert.equal(await page.locator('.app-role-facts').getByText('One year, from when you start').count(), 1)
    assert.equal(await page.getByRole('heading', { name: 'What happens after you apply', level: 2 }).count(), 1)
    assert.equal(await page.locator('ol.nhsuk-list--number > li').count(), 4)
    assert.equal(await page.getByRole('link', { name: 'https://nhs-pycom.net/', exact: true }).getAttribute('href'), 'https://nhs-pycom.net/')
    assert.equal(await page.locator('main').getByRole('link', { name: 'hello@nhs-pycom.net' }).getAttribute('href'), 'mailto:hello@nhs-pycom.net')
    await expectReflowAt320(page)
  })

  it('a new executive’s checklist links the Slack and code of conduct items', async () => {
    const executive = await newExecutive(t, { manager: t.staff.manager, reviewers: [t.staff.bea, t.staff.ben] }, { fullName: 'Eve Executive', email: 'eve@example.org' })
    const page = await t.newPage()
    const token = await executiveSignInToken(t, executive.email)
    await open(page, url(`/my-onboarding/sign-in/${token}`))
    await pressButton(page, 'Sign in')
    assert.equal(pathOf(page), '/my-onboarding')
    const checklist = page.locator('table')
    assert.equal(await checklist.getByRole('link', { name: 'Join the community’s Slack workspace' }).getAttribute('href'), SLACK)
    assert.equal(await checklist.getByRole('link', { name: 'Read the code of conduct' }).getAttribute('href'), CONDUCT)
    await expectReflowAt320(page)
  })
})

describe('wording', () => {
  it('the audit log reads in words', async () => {
    const page = await t.newPage()
    await signInAsStaff(page, t.staff.admin.email)
    await open(page, url('/admin/audit'))
    const table = (await page.locator('tbody').textContent()) ?? ''
    assert.match(table, /Settings changed/)
    assert.match(table, /Slack invite link changed\. Code of conduct changed\./)
    assert.doesNotMatch(table, /settings\.updated|slack_invite_url|[0-9a-f]{8}-[0-9a-f]{4}-/)
    await expectReflowAt320(page)
  })

  it('after creating a password at an invitation link, the sign-in page says it worked', async () => {
    await t.services.act(inviteStaffUser, { email: 'ivy@example.org', name: 'Ivy Invitee', roles: ['board-member'] }, { type: 'staff', id: t.staff.admin.id })
    const token = await tokenFromEmail(t.database.dataSource, { recipient: 'ivy@example.org', template: 'staff-invitation' }, '/invitation')
    const page = await t.newPage()
    await open(page, url(`/invitation/${token}`))
    await answer(page, { fill: { password: STAFF_PASSWORD, confirmPassword: STAFF_PASSWORD } })
    await arriveAfter(page, () => page.locator('#confirmPassword').press('Enter'))
    assert.equal(pathOf(page), '/sign-in')
    assert.match((await page.locator('.nhsuk-notification-banner--success').textContent()) ?? '', /Your password has been created\. Sign in with your email address and new password\./)
    await expectReflowAt320(page)
    await answer(page, { fill: { email: 'ivy@example.org', password: STAFF_PASSWORD } })
    await arriveAfter(page, () => page.locator('#password').press('Enter'))
    assert.equal(pathOf(page), '/review')
  })

  it('the accessibility statement says when it was prepared and last reviewed', async () => {
    const page = await t.newPage()
    await open(page, url('/accessibility'))
    const text = (await page.locator('main').textContent()) ?? ''
    assert.match(text, /This statement was prepared on \d{1,2} \w+ \d{4}\. It was last reviewed on \d{1,2} \w+ \d{4}\./)
    await expectReflowAt320(page)
  })
})
