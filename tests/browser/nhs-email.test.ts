// Verifying an NHS email address in Chromium, keyboard only: the optional step, a refused
// address, the code page's error states (no code, a wrong code, too many tries, an expired
// code), a new code, and the verified address on Check your answers' way. Axe runs on every page.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { useBrowserApp } from '../helpers/browser.ts'
import { nhsEmailCodeSentTo, wrongCode } from '../helpers/nhs-email.ts'
import { answer, arriveAfter, continueOn, expectErrorState, open, pathOf, pressButton, pressEnterIn } from '../helpers/browser-forms.ts'

const t = useBrowserApp()


/** From "Apply for this role" to the NHS employment page, answered yes. */
async function answerUpToNhsEmployment(page: Page): Promise<void> {
  await open(page, `${t.server.baseUrl}/apply?role=web-developer`)
  assert.equal(pathOf(page), '/apply/roles')
  await continueOn(page)
  await answer(page, { fill: { fullName: 'Ada Lovelace' } })
  await pressEnterIn(page, 'fullName')
  await answer(page, { fill: { email: 'ada.lovelace@example.org' } })
  await pressEnterIn(page, 'email')
  await pressEnterIn(page, 'phone')
  await answer(page, { check: ['Yes'], fill: { organisation: 'Leeds Teaching Hospitals', jobTitle: 'Data analyst' } })
  await continueOn(page)
}

describe('verifying an NHS email address in the browser', () => {
  it('meets each error state, sends a new code, verifies, and carries on', async () => {
    const page = await t.newPage()
    await answerUpToNhsEmployment(page)
    assert.equal(pathOf(page), '/apply/nhs-email')
    assert.match((await page.locator('h1').textContent()) ?? '', /Verify your NHS email address/)

    // Not an NHS domain: refused, with what was typed kept.
    await answer(page, { fill: { email: 'ada@example.org' } })
    await pressEnterIn(page, 'email')
    assert.equal(pathOf(page), '/apply/nhs-email')
    await expectErrorState(page, { field: 'email', message: 'Enter an NHS email address, like name@nhs.net', kept: { email: 'ada@example.org' } })

    const address = 'ada.lovelace@leedsth.nhs.uk'
    await answer(page, { fill: { email: address } })
    await pressButton(page, 'Send code')
    assert.equal(pathOf(page), '/apply/nhs-email/code')
    const code = await nhsEmailCodeSentTo(t.database.dataSource, address)

    await continueOn(page)
    await expectErrorState(page, { field: 'code', message: 'Enter the 6-digit code from the email' })

    await answer(page, { fill: { code: wrongCode(code) } })
    await pressEnterIn(page, 'code')
    await expectErrorState(page, { field: 'code', message: 'The code is not right', kept: { code: wrongCode(code) } })
    for (let i = 0; i < 4; i++) await pressEnterIn(page, 'code')
    await expectErrorState(page, { field: 'code', message: 'You have entered a wrong code too many times. Send a new code', kept: { code: wrongCode(code) } })

    // A new code, left to expire.
    await pressButton(page, 'Send a new code')
    assert.equal(pathOf(page), '/apply/nhs-email/code')
    const second = await nhsEmailCodeSentTo(t.database.dataSource, address)
    await t.database.dataSource.query(`UPDATE "nhs_email_codes" SET "created_at" = now() - interval '20 minutes', "expires_at" = now() - interval '10 minutes'`)
    await answer(page, { fill: { code: second } })
    await pressEnterIn(page, 'code')
    await expectErrorState(page, { field: 'code', message: 'This code has expired. Send a new code', kept: { code: second } })

    await pressButton(page, 'Send a new code')
    await answer(page, { fill: { code: await nhsEmailCodeSentTo(t.database.dataSource, address) } })
    await pressEnterIn(page, 'code')
    assert.equal(pathOf(page), '/apply/nhs-email')
    assert.match((await page.locator('main').textContent()) ?? '', /You have verified an email address on leedsth\.nhs\.uk/)
    await continueOn(page)
    assert.equal(pathOf(page), '/apply/career-stage')
  })

  it('too many codes from one client: a page that says so, with the way to skip', async () => {
    const page = await t.newPage()
    await answerUpToNhsEmployment(page)
    await t.database.dataSource.query(`DELETE FROM "rate_limit_hits"`)
    await answer(page, { fill: { email: 'person@nhs.net' } })
    await pressButton(page, 'Send code')
    await arriveAfter(page, () => page.locator('main a[href="/apply/nhs-email"]').press('Enter'))
    // The per-network limit is generous (a trust's staff share one address): rather than send
    // hundreds of codes, the counts this client has made so far are set to far past it.
    await t.database.dataSource.query(`UPDATE "rate_limit_hits" SET "hits" = 100000 WHERE "key" LIKE 'nhs-email:%'`)
    await answer(page, { fill: { email: 'one.more@nhs.net' } })
    await pressButton(page, 'Send code')
    assert.match((await page.locator('h1').textContent()) ?? '', /You have tried too many times/)
    await arriveAfter(page, () => page.getByRole('link', { name: 'skip this step and carry on with your application' }).press('Enter'))
    await pressButton(page, 'Skip this step')
    assert.equal(pathOf(page), '/apply/career-stage')
  })
})
