// Staff find their way from the keyboard alone, in Chromium, with axe on every page visited: the
// header's navigation for what their roles allow (the current area marked), their name to their
// account, the staff home with what is waiting for them, and the page for a role they lack. At
// 320 px wide, no new page scrolls sideways and the menu's "More" button works from the keyboard.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import type { StaffUser } from '../../src/entities/index.ts'
import { useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, open, pathOf } from '../helpers/browser-forms.ts'
import { addBoardReview, submitApplication, type SubmittedApplication } from '../helpers/review.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp()
const url = (path: string) => `${t.server.baseUrl}${path}`

let manager: StaffUser
let everything: StaffUser
let admin: StaffUser
let ready: SubmittedApplication

t.before(async () => {
  manager = await createStaff(t, ['community-manager'], 'Cora Manager')
  everything = await createStaff(t, ['board-member', 'community-manager', 'admin'], 'Eve Everything')
  admin = await createStaff(t, ['admin'], 'Ada Admin')
  const boardA = await createStaff(t, ['board-member'], 'Bea Board')
  const boardB = await createStaff(t, ['board-member'], 'Ben Board')
  ready = await submitApplication(t, { fullName: 'Grace Hopper', email: 'grace@example.org' })
  await addBoardReview(t, ready, boardA)
  await addBoardReview(t, ready, boardB)
})

async function signIn(user: StaffUser, width = 1280): Promise<Page> {
  const page = await t.newPage()
  await page.setViewportSize({ width, height: 800 })
  await open(page, url('/sign-in'))
  await answer(page, { fill: { email: user.email, password: STAFF_PASSWORD } })
  await arriveAfter(page, () => page.locator('#password').press('Enter'))
  return page
}

/** The focused element, as a person hears it: its tag and its name (aria-label, or its text). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement
    const name = element?.getAttribute('aria-label') ?? element?.textContent ?? ''
    return `${element?.tagName.toLowerCase()}: ${name.replace(/\s+/g, ' ').trim()}`
  })
}

/** Presses Tab until the link or button with this text has focus (as a keyboard user would), then Enter. */
async function tabToAndPress(page: Page, name: string, { navigates = true } = {}): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab')
    const now = await focused(page)
    if (now.endsWith(`: ${name}`)) {
      if (navigates) await arriveAfter(page, () => page.keyboard.press('Enter'))
      else await page.keyboard.press('Enter')
      return
    }
  }
  assert.fail(`no link or button "${name}" reached with Tab on ${pathOf(page)}`)
}

/** The header menu's current item: its text and aria-current. */
async function currentArea(page: Page): Promise<string[]> {
  return page
    .getByRole('navigation', { name: 'Menu' })
    .locator('a[aria-current]')
    .evaluateAll((links) => links.map((link) => `${(link.textContent ?? '').trim()}: ${link.getAttribute('aria-current')}`))
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 320, `${pathOf(page)} is ${width}px wide at 320px`)
}

describe('staff navigation', () => {
  it('a community manager gets from the queue to onboarding, roles, their account and their home with the keyboard', async () => {
    const page = await signIn(manager)
    assert.equal(pathOf(page), '/review')
    assert.deepEqual(await currentArea(page), ['Applications: page'])
    const menu = await page.getByRole('navigation', { name: 'Menu' }).getByRole('link').allTextContents()
    assert.deepEqual(menu.map((text) => text.trim()), ['Applications', 'Onboarding', 'Reports', 'Roles', 'Your account'])

    await tabToAndPress(page, 'Onboarding')
    assert.equal(pathOf(page), '/onboarding')
    assert.deepEqual(await currentArea(page), ['Onboarding: page'])

    await tabToAndPress(page, 'Roles')
    assert.equal(pathOf(page), '/admin/roles')
    assert.deepEqual(await currentArea(page), ['Roles: page'])

    // Their name is a link to their account.
    await tabToAndPress(page, 'Cora Manager')
    assert.equal(pathOf(page), '/account')
    assert.deepEqual(await currentArea(page), ['Your account: page'])

    // The service name leads to the staff home, which says what is waiting, with links to it.
    await tabToAndPress(page, 'NHS NHS Python Community homepage')
    assert.equal(pathOf(page), '/staff')
    const main = (await page.locator('main').textContent())?.replace(/\s+/g, ' ') ?? ''
    assert.match(main, /1 application has the 2 board reviews needed for a decision/)
    assert.match(main, /No offers are waiting for an answer/)
    await tabToAndPress(page, `Decide on ${ready.reference}`)
    assert.equal(pathOf(page), `/review/applications/${ready.reference}/decision`)
    assert.deepEqual(await currentArea(page), ['Applications: true'])
  })

  it('at 320 px: the staff home, the queue and the header fit, and the "More" menu works from the keyboard', async () => {
    const page = await signIn(everything, 320)
    await open(page, url('/staff'))
    await expectNoHorizontalScroll(page)
    // The items that do not fit are behind "More" (nhsuk-frontend's header); open it with Enter.
    const more = page.getByRole('button', { name: 'Browse More' })
    await more.waitFor({ state: 'visible' })
    await tabToAndPress(page, 'Browse More', { navigates: false })
    assert.equal(await more.getAttribute('aria-expanded'), 'true')
    await page.keyboard.press('Tab')
    const first = await focused(page)
    assert.match(first, /^a: /, `a link in the opened menu, not ${first}`)
    await arriveAfter(page, () => page.keyboard.press('Enter'))
    assert.notEqual(pathOf(page), '/staff')
    await expectNoHorizontalScroll(page)
    for (const path of ['/review', '/account']) {
      await open(page, url(path))
      await expectNoHorizontalScroll(page)
    }
  })

  it('a page the person’s roles do not open says which role it needs and who can give it', async () => {
    const page = await signIn(admin, 320)
    await open(page, url('/onboarding'), 403)
    await expectNoHorizontalScroll(page)
    assert.equal(await page.locator('h1').textContent(), 'You do not have access to this page')
    const main = (await page.locator('main').textContent())?.replace(/\s+/g, ' ') ?? ''
    assert.match(main, /It needs the community manager role\./)
    await tabToAndPress(page, 'change the roles on your account')
    assert.equal(pathOf(page), `/admin/users/${admin.id}`)
    assert.deepEqual(await currentArea(page), ['Users: true'])

    const board = await signIn(await createStaff(t, ['board-member'], 'Bob Board'), 320)
    await open(board, url('/admin/settings'), 403)
    await expectNoHorizontalScroll(board)
    const text = (await board.locator('main').textContent())?.replace(/\s+/g, ' ') ?? ''
    assert.match(text, /To get access, ask an admin to give you the admin role\. The admins are: Ada Admin .* Eve Everything/)
    await tabToAndPress(board, 'Go to your staff home')
    assert.equal(pathOf(board), '/staff')
  })
})
