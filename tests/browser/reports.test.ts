// The board's report, its board paper and the public recruitment summary in Chromium, from the
// keyboard only: axe (WCAG 2.2 A and AA) on every page visited, each page at 320 px without
// sideways scrolling, the SVG charts found by their accessible names beside tables with the same
// numbers, and the board paper as it prints (A4, the page's own header left out, the round and
// date at the top of every page). The round is the one with known numbers in tests/helpers/reports.ts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { expectReflowAt320, useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { seedReportRound } from '../helpers/reports.ts'
import { STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp({
  config: { cacheSeconds: 0 },
  staff: {
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
    cora: { name: 'Cora Manager', roles: ['community-manager'] },
  },
})
let roundId = ''
t.before(async () => {
  roundId = (await seedReportRound(t, t.staff)).roundId
})

const url = (path: string) => t.server.baseUrl + path
const text = async (page: Page, selector = 'main') => (await page.locator(selector).innerText()).replace(/\s+/g, ' ')

/** The focused element as a person hears it: its name (aria-label, or its text). */
const focusedName = (page: Page) => page.evaluate(() => (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim())

/** Presses Tab until the link or button whose name starts with `name` has focus, then Enter. */
async function tabToAndPress(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab')
    if ((await focusedName(page)).startsWith(name)) return arriveAfter(page, () => page.keyboard.press('Enter'))
  }
  assert.fail(`no link or button "${name}" reached with Tab on ${pathOf(page)}`)
}

/** The chart named `name` (its <title>), as assistive technology finds it, with its description. */
async function chart(page: Page, name: string): Promise<string> {
  const image = page.getByRole('img', { name, exact: true })
  assert.equal(await image.count(), 1, `one chart named "${name}"`)
  return (await image.evaluate((svg) => document.getElementById(svg.getAttribute('aria-describedby') ?? '')?.textContent)) ?? ''
}

async function signIn(page: Page, email: string): Promise<void> {
  await open(page, url('/sign-in'))
  await answer(page, { fill: { email, password: STAFF_PASSWORD } })
  await arriveAfter(page, () => page.locator('#password').press('Enter'))
}

describe('reports in the browser', () => {
  it('the report, from the staff home, with named charts and the same numbers in its tables, for one role too', async () => {
    const page = await t.newPage()
    // The charts are inline SVG: the Content-Security-Policy must refuse nothing on the page.
    const refused: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refused.push(message.text())
    })
    await signIn(page, t.staff.bea.email)
    await open(page, url('/staff'))
    await tabToAndPress(page, 'Recruitment report and board paper')
    assert.equal(pathOf(page), '/reports')
    assert.equal(await page.locator('h1').innerText(), 'Spring 2027')

    const funnel = await chart(page, 'Applications at each step: Spring 2027')
    assert.match(funnel, /Submitted 14, In review 5, Shortlisted 2, Conversation 1, Offered 2, Accepted 1, Active 1/)
    assert.match(await chart(page, 'Days from submission to each step: Spring 2027'), /Submitted to decision: median 10, longest 12, from 3 applications/)
    assert.match(await chart(page, 'Applicants by career stage: Spring 2027'), /Early in my career: 5/)
    assert.match(await chart(page, 'Applicants by NHS employment: Spring 2027'), /Employed by the NHS or a health or care organisation: 9; Not employed by the NHS: 5/)
    const funnelTable = (await page.getByRole('table', { name: 'Applications at each step' }).innerText()).replace(/\s+/g, ' ')
    assert.match(funnelTable, /Submitted 14 In review 5 Shortlisted 2 Conversation 1 Offered 2 Accepted 1 Active 1 Withdrawn \(ended\) 1 Unsuccessful \(ended\) 1 Declined \(ended\) 1/)
    // The bars' own labels carry the numbers too, so colour tells nothing alone.
    assert.equal(await page.locator('svg.app-chart text', { hasText: 'Median 10' }).count(), 1)
    // The README's picture of the report: REPORT_SCREENSHOT=docs/images/report.png when running this file.
    if (process.env.REPORT_SCREENSHOT) {
      await page.setViewportSize({ width: 1100, height: 1000 })
      await page.screenshot({ path: process.env.REPORT_SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: 2300 } })
    }
    await expectReflowAt320(page)

    // One role, chosen from the keyboard.
    await page.locator('#role').focus()
    await page.keyboard.press('ArrowDown')
    assert.equal(await page.locator('#role option:checked').innerText(), 'Events manager')
    await page.keyboard.press('Tab')
    assert.equal(await focusedName(page), 'Show report')
    await arriveAfter(page, () => page.keyboard.press('Enter'))
    assert.equal(await page.locator('h1').innerText(), 'Events manager: Spring 2027')
    assert.match(await chart(page, 'Applications at each step: Events manager, Spring 2027'), /Bar chart of 7 applications/)
    await expectReflowAt320(page)
    assert.deepEqual(refused, [], 'the Content-Security-Policy refused nothing')
  })

  it('the board paper: the same figures, printed on A4 with the round and date on every page', async () => {
    const page = await t.newPage()
    await signIn(page, t.staff.cora.email)
    await open(page, url(`/reports?round=${roundId}`))
    await tabToAndPress(page, 'Download board paper')
    assert.equal(pathOf(page), `/reports/board-paper?round=${roundId}`)
    assert.equal(await page.locator('h1').innerText(), 'Recruitment: Spring 2027')
    assert.match(await chart(page, 'Applications at each step: Spring 2027'), /Bar chart of 14 applications/)
    // Wide, the table shows its header row once (at 320 px each cell carries its heading instead).
    assert.match((await page.getByRole('table', { name: 'Reviews by board member' }).innerText()).replace(/\s+/g, ' '), /Board member Reviews done Waiting for their review Bea Board 3 8 Ben Board 5 9/)
    await expectReflowAt320(page)

    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('header.nhsuk-header').isVisible(), false, 'the site header is not printed')
    const head = page.locator('.app-paper-running-head')
    assert.equal(await head.isVisible(), true)
    assert.match(await head.innerText(), /^Spring 2027 · \d{1,2} [A-Z][a-z]+ \d{4}$/)
    assert.equal(await head.evaluate((element) => getComputedStyle(element).position), 'fixed', 'repeated on every printed page')
    assert.equal(await page.locator('#timings-heading').evaluate((element) => getComputedStyle(element.closest('section')!).breakBefore), 'page')
    const pdf = await page.pdf({ preferCSSPageSize: true })
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
    assert.ok(pages >= 5, `one page for the summary and one for each section, ${pages} printed`)
    const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'))
    assert.deepEqual([Math.round(Number(mediaBox?.[1])), Math.round(Number(mediaBox?.[2]))], [595, 842], 'A4 in points')
    await page.emulateMedia({ media: 'screen' })
  })

  it('recruitment rounds: a new round, with its error state, and a closed role reopened in it', async () => {
    const manager = await t.newPage()
    await signIn(manager, t.staff.cora.email)
    await open(manager, url('/admin/rounds'))
    await tabToAndPress(manager, 'Create a round')
    await pressButton(manager, 'Create round')
    await expectErrorState(manager, { field: 'name', message: 'Enter a name for the round' })
    await answer(manager, { fill: { name: 'Autumn 2027' } })
    await pressButton(manager, 'Create round')
    assert.equal(pathOf(manager), '/admin/rounds')
    await expectReflowAt320(manager)

    const [role] = (await t.database.dataSource.query(`UPDATE roles SET status = 'closed' WHERE slug = 'content-manager' RETURNING id`)) as [[{ id: string }], number]
    await open(manager, url(`/admin/roles/${role[0].id}`))
    await tabToAndPress(manager, 'Reopen in a new round')
    await answer(manager, { check: ['Autumn 2027'] })
    await pressButton(manager, 'Reopen role')
    assert.match(await text(manager), /Content manager is open for applications in the new round/)
    assert.match(await text(manager), /Recruitment round Autumn 2027/)
    await t.database.dataSource.query(`UPDATE roles SET status = 'closed' WHERE slug = 'content-manager'`)
  })

  it('the public summary once the round is finished and an admin publishes it', async () => {
    const manager = await t.newPage()
    await signIn(manager, t.staff.cora.email)
    await t.database.dataSource.query(`UPDATE roles SET status = 'closed' WHERE round_id = $1`, [roundId])
    await open(manager, url('/admin/rounds'))
    await tabToAndPress(manager, 'Finish round: Spring 2027')
    assert.match(await text(manager), /Round finished/)
    await t.database.dataSource.query(`UPDATE settings SET publish_recruitment_summary = true`)

    const visitor = await t.newPage()
    await open(visitor, url('/about/recruitment'))
    assert.equal(await visitor.locator('h1').innerText(), 'How recruitment is going')
    const table = (await visitor.getByRole('table', { name: 'Finished recruitment rounds' }).innerText()).replace(/\s+/g, ' ')
    assert.match(table, /Spring 2027/)
    assert.match(table, /64%/)
    assert.doesNotMatch(table, /First recruitment round/, 'an open round is not shown')
    await expectReflowAt320(visitor)
  })
})
