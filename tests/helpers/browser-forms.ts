// Filling in and sending the service's forms in a real browser, as a person would: answers are
// typed or ticked, and forms are sent from the keyboard (Enter in a field, or Enter on a button).
// Every page the browser lands on is checked with axe before the test carries on.
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { expectNoAxeViolations } from './browser.ts'

/**
 * What to enter on one page. `fill` is keyed by field id; `check` and `uncheck` name a radio or
 * checkbox by its label, by its label within a fieldset (`[legend, label]`), or by `#id`.
 */
export interface PageAnswers {
  fill?: Record<string, string>
  check?: Choice[]
  uncheck?: Choice[]
  select?: Record<string, string>
}

export type Choice = string | [legend: string, label: string]

function choice(page: Page, which: Choice) {
  if (Array.isArray(which)) return page.getByRole('group', { name: which[0], exact: true }).getByLabel(which[1], { exact: true })
  if (which.startsWith('#')) return page.locator(which)
  return page.getByLabel(which, { exact: true })
}

/** Enters the answers on the current page. Choices come first: they can reveal fields to fill. */
export async function answer(page: Page, answers: PageAnswers): Promise<void> {
  for (const which of answers.uncheck ?? []) await choice(page, which).uncheck()
  for (const which of answers.check ?? []) await choice(page, which).check()
  for (const [id, value] of Object.entries(answers.select ?? {})) await page.locator(`[id="${id}"]`).selectOption(value)
  for (const [id, value] of Object.entries(answers.fill ?? {})) await page.locator(`[id="${id}"]`).fill(value)
}

/** Runs an action that loads a new page (or the same page again), waits for it, and runs axe. */
export async function arriveAfter(page: Page, action: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()])
  await expectNoAxeViolations(page)
}

/** Opens a URL, checks the status and runs axe. */
export async function open(page: Page, url: string, expectedStatus = 200): Promise<void> {
  const response = await page.goto(url)
  assert.equal(response?.status(), expectedStatus, `GET ${url}`)
  await expectNoAxeViolations(page)
}

/** Moves focus to a button or link and presses Enter, as a keyboard user would. */
export async function pressButton(page: Page, name: string): Promise<void> {
  await arriveAfter(page, () => page.getByRole('button', { name, exact: true }).press('Enter'))
}

/** Sends the page's form with its "Continue" button. */
export function continueOn(page: Page): Promise<void> {
  return pressButton(page, 'Continue')
}

/** Sends the page's form by pressing Enter in a text field (implicit submission: the first button, Continue). */
export async function pressEnterIn(page: Page, id: string): Promise<void> {
  await arriveAfter(page, () => page.locator(`[id="${id}"]`).press('Enter'))
}

export function pathOf(page: Page): string {
  const url = new URL(page.url())
  return url.pathname + url.search
}

export interface ExpectedError {
  /** The id of the field the error summary should link to. */
  field: string
  message: string
  /** Field id -> the value that should still be in it. */
  kept?: Record<string, string>
  /** Ids of radios or checkboxes that should still be selected. */
  stillChecked?: string[]
}

/**
 * The NHS error pattern: "Error: " in the title, the error summary focused, each of its links
 * pointing at a field that exists and moving focus there, the message by the field (and announced
 * with it), and nothing the person entered thrown away. Axe already ran when the page loaded.
 */
export async function expectErrorState(page: Page, expected: ExpectedError): Promise<void> {
  assert.match(await page.title(), /^Error: /, `the title on ${pathOf(page)}`)

  const summary = page.locator('.nhsuk-error-summary')
  assert.equal(await summary.count(), 1, 'one error summary')
  assert.ok(await summary.isVisible(), 'the error summary is visible')
  const focusInSummary = await summary.evaluate((element) => element === document.activeElement || element.contains(document.activeElement))
  assert.ok(focusInSummary, `the error summary has focus, not ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`)

  const links = summary.locator('a')
  const hrefs = await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''))
  assert.ok(hrefs.includes(`#${expected.field}`), `the summary links to #${expected.field}: ${hrefs.join(', ')}`)
  assert.match((await summary.locator(`a[href="#${expected.field}"]`).textContent()) ?? '', new RegExp(escapeRegExp(expected.message)))
  for (const href of hrefs) {
    const id = href.replace(/^#/, '')
    assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `a field with the id ${id}`)
    await summary.locator(`a[href="${href}"]`).click()
    assert.equal(await page.evaluate(() => document.activeElement?.id), id, `following ${href} moves focus to the field`)
  }

  const inline = page.locator('.nhsuk-error-message', { hasText: expected.message })
  assert.equal(await inline.count(), 1, `the message "${expected.message}" by the field`)
  assert.ok(await inline.isVisible(), 'the inline error message is visible')
  // Screen readers hear the message with the field: its id is in the field's (or its fieldset's) aria-describedby.
  const messageId = await inline.getAttribute('id')
  const describedBy = await page.locator(`[id="${expected.field}"]`).evaluate((field) =>
    [field, field.closest('fieldset')].flatMap((element) => (element?.getAttribute('aria-describedby') ?? '').split(/\s+/)),
  )
  assert.ok(messageId && describedBy.includes(messageId), `#${expected.field} is described by its error message`)

  for (const [id, value] of Object.entries(expected.kept ?? {})) {
    assert.equal(await page.locator(`[id="${id}"]`).inputValue(), value, `#${id} keeps what was entered`)
  }
  for (const id of expected.stillChecked ?? []) {
    assert.ok(await page.locator(`[id="${id}"]`).isChecked(), `#${id} is still selected`)
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Signs a staff member in at `signInUrl`, typing into the fields and pressing Enter in the password; checks where they land. */
export async function signInWithKeyboard(page: Page, signInUrl: string, account: { email: string; password: string }, landsOn: string): Promise<void> {
  await open(page, signInUrl)
  await answer(page, { fill: { email: account.email, password: account.password } })
  await pressEnterIn(page, 'password')
  assert.equal(pathOf(page), landsOn, `${account.email} lands on ${landsOn}`)
}
