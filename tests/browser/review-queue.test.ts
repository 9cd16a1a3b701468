// The board's queue in Chromium: a board member scores an application to two roles (the
// criteria the roles share once, meeting the score sheet's error state first), then reads the
// queue's averages and quorum and sorts it by average score with the keyboard. Axe (WCAG 2.2 A
// and AA) runs on every page visited, and the queue is checked for reflow at 320 px.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { expectReflowAt320, useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton, pressEnterIn } from '../helpers/browser-forms.ts'
import { submitApplication, type SubmittedApplication } from '../helpers/review.ts'
import { STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp({ staff: { member: { name: 'Bea Board', roles: ['board-member'] } } })

let twoRoles: SubmittedApplication
let strong: SubmittedApplication
let unreviewed: SubmittedApplication

t.before(async () => {
  // Oldest first: the two-role application, then the strong one, then one nobody has reviewed.
  twoRoles = await submitApplication(t, { email: 'two.roles@example.org', roles: ['web-developer', 'content-manager'] })
  strong = await submitApplication(t, { email: 'strong@example.org' })
  unreviewed = await submitApplication(t, { email: 'waiting@example.org' })
})

const url = (path: string) => t.server.baseUrl + path

async function signIn(page: Page): Promise<void> {
  await open(page, url('/sign-in'))
  await answer(page, { fill: { email: t.staff.member.email, password: STAFF_PASSWORD } })
  await pressEnterIn(page, 'password')
  assert.equal(pathOf(page), '/review')
}

/** The score sheet's radio groups, in order. */
async function scoreFields(page: Page): Promise<string[]> {
  const names = await page.locator('input[type="radio"][name^="score-"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).name))
  return [...new Set(names)]
}

/** Scores every criterion (but `leaveOut`) and submits. */
async function score(page: Page, value: (field: string) => number, leaveOut?: string): Promise<void> {
  for (const field of await scoreFields(page)) {
    if (field !== leaveOut) await page.locator(`input[name="${field}"][value="${value(field)}"]`).check()
  }
  await page.getByRole('group', { name: 'Your recommendation' }).getByLabel('Appoint', { exact: true }).check()
  await pressButton(page, 'Submit your review')
}

/** The queue's rows: reference -> the Average score cell's text. */
async function averages(page: Page): Promise<[string, string][]> {
  return page.locator('table tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((cell) => (cell as HTMLElement).innerText.replace(/^Average score\s*/, '').replace(/\s+/g, ' ').trim())
      return [cells[0]!.split(/\s/)[0]!, cells[7]!.replace(/^Average score /, '')] as [string, string]
    }),
  )
}

const ariaSort = (page: Page, column: string) => page.locator('th', { has: page.getByRole('link', { name: column, exact: true }) }).getAttribute('aria-sort')

describe('the queue helps the board decide', () => {
  it('scores shared criteria once, then sorts the queue by average score from the keyboard', async () => {
    const page = await t.newPage()
    await signIn(page)

    // The two-role application: "Can give about 2 hours a week" and enthusiasm once, for both roles.
    await open(page, url(`/review/applications/${twoRoles.reference}`))
    assert.ok(await page.getByRole('heading', { name: 'For both roles: Web developer and Content manager' }).isVisible())
    const fields = await scoreFields(page)
    assert.equal(fields.length, 8, '5 criteria each, 2 shared')
    assert.equal(fields.filter((field) => field.endsWith('-commitment')).length, 1)
    await score(page, () => 3, 'score-1-commitment')
    await expectErrorState(page, { field: 'score-1-commitment', message: 'Select a score for “Can give about 2 hours a week”' })
    await page.locator('input[name="score-1-commitment"][value="5"]').check()
    await pressButton(page, 'Submit your review')
    assert.equal(pathOf(page), `/review/applications/${twoRoles.reference}`)

    await open(page, url(`/review/applications/${strong.reference}`))
    await score(page, () => 5)

    await open(page, url('/review'))
    // Shared scores count for both roles: (5 + 3 + 3 + 3 + 3) / 5 for each.
    assert.deepEqual(await averages(page), [
      [twoRoles.reference, 'Web developer: 3.4 Content manager: 3.4'],
      [strong.reference, '5.0'],
      [unreviewed.reference, 'Shown once you have reviewed it'],
    ])
    assert.equal(await ariaSort(page, 'Sent'), 'ascending')
    await expectReflowAt320(page)

    // Keyboard only: Tab to the Average score header's link, Enter; then again to turn it round.
    for (const [expected, order] of [
      ['descending', [strong, twoRoles, unreviewed]],
      ['ascending', [twoRoles, strong, unreviewed]],
    ] as const) {
      const link = page.getByRole('link', { name: 'Average score', exact: true })
      for (let tabs = 0; !(await link.evaluate((element) => element === document.activeElement)); tabs += 1) {
        assert.ok(tabs < 80, 'the Average score header can be reached with Tab')
        await page.keyboard.press('Tab')
      }
      await arriveAfter(page, () => page.keyboard.press('Enter'))
      assert.equal(await ariaSort(page, 'Average score'), expected)
      assert.equal(await ariaSort(page, 'Sent'), null)
      assert.deepEqual((await averages(page)).map(([reference]) => reference), order.map((application) => application.reference))
    }
    assert.equal(pathOf(page), '/review?sort=lowest-score')
  })
})
