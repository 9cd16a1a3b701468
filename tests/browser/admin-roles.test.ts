// A community manager creates a role and opens it, in Chromium, with axe (WCAG 2.2 A and AA) on
// every page visited, error states included. The create form is filled in with the keyboard
// alone: Tab to move, typing, Space for radios, Enter to follow links and send forms.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { Role } from '../../src/entities/index.ts'
import { useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp()
let page: Page

t.before(async () => {
  page = await t.newPage()
})

const activeId = (p: Page) => p.evaluate(() => document.activeElement?.id ?? '')

/** Presses Tab (or Shift+Tab) until the element with this id has focus, as a keyboard user would. */
async function tabTo(p: Page, id: string, options: { backwards?: boolean; limit?: number } = {}): Promise<void> {
  for (let presses = 0; presses < (options.limit ?? 60); presses++) {
    if ((await activeId(p)) === id) return
    await p.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab')
  }
  assert.fail(`Tab never reached #${id}`)
}

/** Tabs to a link or button by its text and presses Enter. */
async function tabToAndPress(p: Page, text: string, limit = 80): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    const focused = await p.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '')
    if (focused === text) {
      await arriveAfter(p, () => p.keyboard.press('Enter'))
      return
    }
    await p.keyboard.press('Tab')
  }
  assert.fail(`Tab never reached “${text}”`)
}

describe('a community manager creates and opens a role', () => {
  it('signs in, creates a role with the keyboard alone, fills it in, previews it and opens it', async () => {
    const manager = await createStaff(t, ['community-manager'], 'Cara Manager')
    await open(page, `${t.server.baseUrl}/sign-in`)
    await answer(page, { fill: { email: manager.email, password: STAFF_PASSWORD } })
    await arriveAfter(page, () => page.locator('#password').press('Enter'))

    // Roles is in the header's navigation for community managers.
    await open(page, `${t.server.baseUrl}/staff`)
    await tabToAndPress(page, 'Roles')
    assert.equal(pathOf(page), '/admin/roles')
    await tabToAndPress(page, 'Create a role')
    assert.equal(pathOf(page), '/admin/roles/new')

    // The create form, keyboard only. First without a summary and with half a closing date.
    await tabTo(page, 'title')
    await page.keyboard.type('Data wrangler')
    await page.keyboard.press('Tab')
    assert.equal(await activeId(page), 'slug')
    await page.keyboard.type('data-wrangler')
    await tabTo(page, 'hoursPerWeek')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('3')
    await page.keyboard.press('Tab')
    // Tab enters the radio group; Space selects the focused radio (Yes).
    assert.equal(await activeId(page), 'nhsEmploymentPreferred')
    await page.keyboard.press('Space')
    assert.ok(await page.locator('#nhsEmploymentPreferred').isChecked())
    await tabTo(page, 'closesOn-day')
    await page.keyboard.type('31')
    await page.keyboard.press('Tab')
    await page.keyboard.type('3')
    await arriveAfter(page, () => page.keyboard.press('Enter'))
    assert.equal(pathOf(page), '/admin/roles/new')
    await expectErrorState(page, {
      field: 'summary',
      message: 'Enter a summary of the role',
      kept: { title: 'Data wrangler', slug: 'data-wrangler', hoursPerWeek: '3', 'closesOn-day': '31', 'closesOn-month': '3' },
      stillChecked: ['nhsEmploymentPreferred'],
    })
    assert.ok(await page.locator('.nhsuk-error-message', { hasText: 'Closing date must include a year' }).isVisible())
    assert.ok(await page.locator('#closesOn-year').evaluate((input) => input.classList.contains('nhsuk-input--error')))
    assert.ok(!(await page.locator('#closesOn-day').evaluate((input) => input.classList.contains('nhsuk-input--error'))))

    // Put it right, still by keyboard: back (Shift+Tab) to the summary, then on to the year, then Enter on the button.
    await tabTo(page, 'summary', { backwards: true })
    await page.keyboard.type('Look after the datasets the community shares, and help members publish theirs.')
    await tabTo(page, 'closesOn-year')
    await page.keyboard.type('2099')
    await tabToAndPress(page, 'Create role')
    assert.match(pathOf(page), /^\/admin\/roles\/[0-9a-f-]{36}$/)
    const base = pathOf(page)
    assert.match((await page.locator('.nhsuk-notification-banner').textContent()) ?? '', /Data wrangler has been created as a draft/)
    const created = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'data-wrangler' })
    assert.deepEqual([created.title, created.hoursPerWeek, created.nhsEmploymentPreferred, created.closesOn, created.status], ['Data wrangler', 3, true, '2099-03-31', 'draft'])

    // Not ready to open yet: the page says why, and links to the fix.
    await open(page, `${t.server.baseUrl}${base}/open`)
    assert.equal(await page.getByRole('button', { name: 'Open role' }).count(), 0)
    await arriveAfter(page, () => page.getByRole('link', { name: 'Add at least one responsibility' }).press('Enter'))
    assert.equal(pathOf(page), `${base}/responsibilities`)
    await pressButton(page, 'Save changes')
    await expectErrorState(page, { field: 'responsibilities', message: 'Enter at least one responsibility' })
    await answer(page, { fill: { responsibilities: 'Look after the shared datasets\nHelp members tidy and publish their data' } })
    await pressButton(page, 'Save changes')
    assert.equal(pathOf(page), base)

    await open(page, `${t.server.baseUrl}${base}/criteria`)
    await answer(page, { fill: { essential: 'Can give about 3 hours a week\nEnthusiasm for tidy data', desirable: 'Some experience of pandas' } })
    await pressButton(page, 'Save changes')

    await open(page, `${t.server.baseUrl}${base}/skills`)
    await answer(page, { fill: { skills: 'Python\nSQL' } })
    await pressButton(page, 'Save changes')

    // A question: first with errors, then a choose-many.
    await open(page, `${t.server.baseUrl}${base}/questions`)
    await arriveAfter(page, () => page.getByRole('button', { name: 'Add a question' }).press('Enter'))
    await answer(page, { fill: { label: 'Which tools would you like to learn?' }, check: [['Type of answer', 'Choose one or more options from a list']] })
    await pressButton(page, 'Add question')
    await expectErrorState(page, { field: 'options', message: 'Enter at least 2 options, one on each line', kept: { label: 'Which tools would you like to learn?' }, stillChecked: ['type-5'] })
    assert.ok(await page.locator('.nhsuk-error-message', { hasText: 'Select yes if applicants must answer this question' }).isVisible())
    await answer(page, { fill: { options: 'pandas\nPolars\nDuckDB' }, check: [['Must applicants answer this question?', 'No']] })
    await pressButton(page, 'Add question')
    assert.equal(pathOf(page), `${base}/questions`)
    await arriveAfter(page, () => page.getByRole('button', { name: 'Add a question' }).press('Enter'))
    await answer(page, { fill: { label: 'Have you used pandas before?' }, check: [['Type of answer', 'Yes or no'], ['Must applicants answer this question?', 'Yes']] })
    await pressButton(page, 'Add question')
    // Move the second question up, from the list.
    await pressButton(page, 'Move up question 2')
    assert.deepEqual(
      (await t.database.dataSource.getRepository(Role).findOneByOrFail({ id: created.id })).questions.map((q) => q.key),
      ['have-you-used-pandas-before', 'which-tools-would-you-like-to-learn'],
    )
    await open(page, `${t.server.baseUrl}${base}/questions/which-tools-would-you-like-to-learn/remove`)

    // A link (https only) and a checklist item.
    await open(page, `${t.server.baseUrl}${base}/links/new`)
    await answer(page, { fill: { title: 'pandas documentation', url: 'http://pandas.pydata.org' } })
    await pressButton(page, 'Add link')
    await expectErrorState(page, { field: 'url', message: 'Enter a web address that starts with https://', kept: { title: 'pandas documentation' } })
    await answer(page, { fill: { url: 'https://pandas.pydata.org/docs/' } })
    await pressButton(page, 'Add link')
    assert.equal(pathOf(page), `${base}/links`)

    await open(page, `${t.server.baseUrl}${base}/checklist/new`)
    await pressButton(page, 'Add item')
    await expectErrorState(page, { field: 'title', message: 'Enter what needs to be done' })
    await answer(page, { fill: { title: 'Get access to the shared data drive', dueInDays: '7' }, check: [['Who does this?', 'New executive']] })
    await pressButton(page, 'Add item')
    assert.equal(pathOf(page), `${base}/checklist`)

    // The preview is the public page, with a banner.
    await open(page, `${t.server.baseUrl}${base}/preview`)
    assert.equal(await page.locator('h1').textContent(), 'Data wrangler')
    assert.match((await page.locator('.nhsuk-notification-banner').textContent()) ?? '', /This is a preview of the role page/)

    // Open it, from the role's page, by keyboard.
    await open(page, `${t.server.baseUrl}${base}`)
    await tabToAndPress(page, 'Open role')
    assert.equal(pathOf(page), `${base}/open`)
    await tabToAndPress(page, 'Open role')
    assert.equal(pathOf(page), base)
    assert.match((await page.locator('.nhsuk-notification-banner').textContent()) ?? '', /Data wrangler is open for applications/)
    await open(page, `${t.server.baseUrl}/admin/roles`)

    // The public sees it.
    await open(page, `${t.server.baseUrl}/roles/data-wrangler`)
    assert.equal(await page.getByRole('button', { name: 'Apply for this role' }).count(), 1)
    assert.ok(await page.getByText('Enthusiasm for tidy data').isVisible())
  })
})
