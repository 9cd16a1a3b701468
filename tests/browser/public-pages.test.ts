import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { roleSeeds } from '../../seeds/roles.ts'
import { expectNoAxeViolations, useBrowserApp, visit } from '../helpers/browser.ts'

const t = useBrowserApp()
let page: Page

t.before(async () => {
  page = await t.newPage()
})

describe('every public page passes axe (WCAG 2.2 A and AA)', () => {
  const paths = ['/', '/roles', ...roleSeeds.map((role) => `/roles/${role.slug}`), '/privacy', '/accessibility', '/cookies']
  for (const path of paths) {
    it(path, async () => {
      await visit(page, t.server.baseUrl + path)
    })
  }

  it('the 404 page', async () => {
    await visit(page, `${t.server.baseUrl}/no-such-page`, 404)
    assert.equal(await page.locator('h1').textContent(), 'Page not found')
  })
})

describe('the axe check', () => {
  it('fails on a page with a violation, naming it, though the same page without it passed', async () => {
    await visit(page, `${t.server.baseUrl}/roles`)
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('afterbegin', '<img src="/no-such-image.png">'))
    await assert.rejects(expectNoAxeViolations(page), /Accessibility problems[\s\S]*image-alt/)
  })
})

describe('keyboard', () => {
  it('the first Tab reaches the skip link, which moves focus to the main content', async () => {
    await page.goto(`${t.server.baseUrl}/roles`)
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim())
    assert.equal(focused, 'Skip to main content')
    await page.keyboard.press('Enter')
    const focusedId = await page.evaluate(() => document.activeElement?.id)
    assert.equal(focusedId, 'maincontent')
  })

  it('keyboard focus is visible on links', async () => {
    await page.goto(`${t.server.baseUrl}/roles`)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    const style = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement
      const computed = getComputedStyle(element)
      return { tag: element.tagName, background: computed.backgroundColor, boxShadow: computed.boxShadow, outline: computed.outlineStyle }
    })
    assert.equal(style.tag, 'A')
    // NHS.UK focus style: yellow background and a thick underline made with box-shadow.
    assert.ok(style.background !== 'rgba(0, 0, 0, 0)' || style.boxShadow !== 'none' || style.outline !== 'none', JSON.stringify(style))
  })

  it('a role can be reached from the list with the keyboard alone', async () => {
    await page.goto(`${t.server.baseUrl}/roles`)
    await page.locator('a[href="/roles/web-developer"]').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/roles\/web-developer$/)
    assert.equal(await page.locator('h1').textContent(), 'Web developer')
  })
})
