import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { Express } from 'express'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { createRequire } from 'node:module'
import { useTestApp, type TestAppOptions, type UsedTestApp } from './app.ts'

/**
 * Chromium's old headless shell (Debian's chromium-headless-shell: the same Blink as chromium,
 * without the desktop browser around it) when it is installed, else chromium run headless. The
 * shell took 40% less CPU over a journey file (20.7 against 34.5 CPU-s in review-journey), and
 * the browser is the largest share of the test run's time.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell'
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? (fs.existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium')

/**
 * Host names the browser may look up: the test servers' own. Every other name fails at once, as
 * it does with no network, instead of after a DNS query: each page asks for the NHS fonts on
 * assets.nhs.uk, and the load event (which page.goto and every navigation wait for) waits for
 * those requests to fail, which took from a few milliseconds to five seconds a page.
 */
const OFFLINE_RULES = 'MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'

/**
 * `extraArgs` e.g. `--host-resolver-rules=MAP roles.test 127.0.0.1`, to reach a local server by a
 * name that is not localhost (such rules are applied before OFFLINE_RULES).
 */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const rulesFlag = '--host-resolver-rules='
  const rules = [...extraArgs.filter((arg) => arg.startsWith(rulesFlag)).map((arg) => arg.slice(rulesFlag.length)), OFFLINE_RULES]
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...extraArgs.filter((arg) => !arg.startsWith(rulesFlag)),
      `${rulesFlag}${rules.join(', ')}`,
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' })
}

export interface RunningServer {
  baseUrl: string
  close(): Promise<void>
}

/** Serves the app on a free port, or on `port` (one the app's BASE_URL already names). */
export async function listen(app: Express, port = 0): Promise<RunningServer> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s))
  })
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type BrowserApp<S extends string = never> = UsedTestApp<S> & {
  server: RunningServer
  browser: Browser
  /** A page in a browser context of its own (its own cookies), as a new visitor would have. */
  newPage(): Promise<Page>
}

/**
 * Registers node:test hooks for a test app (useTestApp) served on a free port and one Chromium,
 * and closes every page's context, the browser and the server after the file's tests.
 */
export function useBrowserApp<S extends string = never>(options: TestAppOptions<S> = {}): BrowserApp<S> {
  const t = useTestApp(options) as BrowserApp<S>
  const contexts: BrowserContext[] = []
  t.newPage = async () => {
    const context = await newContext(t.browser)
    contexts.push(context)
    return context.newPage()
  }
  t.before(async () => {
    t.server = await listen(t.app)
    t.browser = await launchBrowser()
    t.onClose(async () => {
      for (const context of contexts) await context.close()
      await t.browser.close()
      await t.server.close()
    })
  })
  return t
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

// axe-core's minified build, the same code as `axe.source` (which is the 1.3 MB build with its
// comments): each document it is loaded into parses it again, in about 50 ms against 75.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// AxeBuilder evaluates the source it is given twice for every check, and axe-core's is half a
// megabyte to send and compile each time: expectNoAxeViolations loads it once per document instead,
// and gives the builder this, which does nothing, as the source to evaluate.
const AXE_ALREADY_LOADED = 'void "axe-core is loaded by expectNoAxeViolations"'

/**
 * What axe's result depends on, as one string: the document (with what changes from request to
 * request or file to file and no rule reads left out: the hidden inputs' values, the script
 * nonces and the origin, which has each test file's own port), each
 * form control's state, which element has focus (and whether it shows it) or is hovered, which
 * dialogs are modal, the viewport, the scroll position, the media features a context can set,
 * whether the fonts have loaded and which stylesheets apply. Two checks of the same state find the
 * same violations, since the stylesheets and scripts are the same files.
 * (A string, not a function: tsx names the functions it compiles with a helper the page lacks.)
 */
const PAGE_STATE = `(() => {
  const root = document.documentElement
  const where = (element) => {
    const steps = []
    for (let node = element; node && node !== root; node = node.parentElement) steps.push(node.parentElement ? [...node.parentElement.children].indexOf(node) : -1)
    return steps.join('.')
  }
  const controls = [...document.querySelectorAll('input, select, textarea')]
    .filter((control) => control.type !== 'hidden')
    .map((control) => [where(control), control.value, control instanceof HTMLInputElement ? control.checked : null])
  const active = document.activeElement
  const copy = root.cloneNode(true)
  for (const hidden of copy.querySelectorAll('input[type="hidden"]')) hidden.removeAttribute('value')
  for (const element of copy.querySelectorAll('[nonce]')) element.removeAttribute('nonce')
  const state = JSON.stringify([
    location.href,
    [...document.styleSheets].map((sheet) => [sheet.href, sheet.cssRules.length]),
    window.innerWidth,
    window.innerHeight,
    window.devicePixelRatio,
    window.scrollX,
    window.scrollY,
    ['(prefers-color-scheme: dark)', '(forced-colors: active)', '(prefers-contrast: more)', '(prefers-reduced-motion: reduce)'].map((query) => matchMedia(query).matches),
    document.fonts.status,
    where(active),
    active ? active.matches(':focus-visible') : false,
    [...document.querySelectorAll(':hover')].map(where),
    [...document.querySelectorAll('dialog')].map((dialog) => dialog.matches(':modal')),
    controls,
    copy.outerHTML,
  ])
  // Each test file serves the app on a port of its own.
  return state.split(location.origin).join('')
})()`

async function pageState(page: Page): Promise<string> {
  return createHash('sha256')
    .update(await page.evaluate<string>(PAGE_STATE))
    .digest('hex')
}

/**
 * The page states axe has already passed (a hash of each pageState): in this test process, and
 * in the run's other test files, which write each one as an empty file in TEST_AXE_PASSED_DIR
 * (scripts/run-tests.ts makes it for the run: the same stylesheets and scripts for every file).
 */
const passedStates = new Set<string>()
const passedDir = process.env.TEST_AXE_PASSED_DIR || undefined
function passedBefore(state: string): boolean {
  return passedStates.has(state) || (passedDir !== undefined && fs.existsSync(path.join(passedDir, state)))
}
function passed(state: string): void {
  passedStates.add(state)
  if (passedDir !== undefined) fs.writeFileSync(path.join(passedDir, state), '')
}

/**
 * Fails with a readable list when axe finds any WCAG 2.2 A/AA violation on the page.
 * Legacy mode runs axe.run() in the page itself rather than axe.runPartial() in each frame and
 * axe.finishRun() in a blank page the builder opens for every check: the same rules and results
 * for pages without cross-origin frames (the service has no frames at all), in about a third of
 * the time. Only violations are gathered (options before withTags: options() replaces runOnly).
 * A page state axe has already passed (pageState: the same document, controls, focus and
 * viewport) is not checked again: journeys walk the same pages many times.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const state = await pageState(page)
  if (passedBefore(state)) return
  if (!(await page.evaluate<boolean>('typeof window.axe?.run === "function"'))) await page.evaluate(AXE_SOURCE)
  const results = await new AxeBuilder({ page, axeSource: AXE_ALREADY_LOADED })
    .options({ resultTypes: ['violations'] })
    .withTags(WCAG_TAGS)
    .setLegacyMode(true)
    .analyze()
  if (results.violations.length === 0) {
    // Remembered only when the page did not change while axe ran, so that it is the state axe saw.
    if ((await pageState(page)) === state) passed(state)
    return
  }
  const lines = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\n/g, ' ')}`).join('\n'),
  )
  throw new Error(`Accessibility problems on ${page.url()}:\n${lines.join('\n')}`)
}

/** Visits a path, checks the response status and runs axe. */
export async function visit(page: Page, url: string, expectedStatus = 200): Promise<void> {
  const response = await page.goto(url)
  if (!response) throw new Error(`No response for ${url}`)
  if (response.status() !== expectedStatus) {
    throw new Error(`Expected ${expectedStatus} for ${url}, got ${response.status()}`)
  }
  await expectNoAxeViolations(page)
}

/**
 * WCAG 1.4.10 Reflow: at 320 CSS pixels wide the page scrolls only up and down. Checks the page
 * as it is now (axe included), then puts the viewport back.
 */
export async function expectReflowAt320(page: Page): Promise<void> {
  const before = page.viewportSize()
  await page.setViewportSize({ width: 320, height: 800 })
  try {
    // The NHS header rearranges its menu only once it has seen the resize: give it a moment.
    await page.waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth, undefined, { timeout: 5_000 }).catch(() => {})
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }))
    if (scrollWidth > clientWidth) {
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .slice(0, 5)
          .map((element) => element.outerHTML.slice(0, 120)),
      )
      throw new Error(`${page.url()} scrolls sideways at 320 px (${scrollWidth} > ${clientWidth}): ${wide.join('\n')}`)
    }
    await expectNoAxeViolations(page)
  } finally {
    if (before) await page.setViewportSize(before)
  }
}
