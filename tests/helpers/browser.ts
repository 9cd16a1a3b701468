import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { Express } from 'express'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { useTestApp, type TestAppOptions, type UsedTestApp } from './app.ts'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** `extraArgs` e.g. `--host-resolver-rules=MAP roles.test 127.0.0.1`, to reach a local server by a name that is not localhost. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...extraArgs,
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

/**
 * Fails with a readable list when axe finds any WCAG 2.2 A/AA violation on the page.
 * Legacy mode runs axe.run() in the page itself rather than axe.runPartial() in each frame and
 * axe.finishRun() in a blank page the builder opens for every check: the same rules and results
 * for pages without cross-origin frames (the service has no frames at all), in about a third of
 * the time. Only violations are gathered (options before withTags: options() replaces runOnly).
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(WCAG_TAGS).setLegacyMode(true).analyze()
  if (results.violations.length === 0) return
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
