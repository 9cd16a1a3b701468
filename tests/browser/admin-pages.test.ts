// An admin works through the admin pages in Chromium, with axe (WCAG 2.2 A and AA) on every page
// visited, error states included: settings, the email log and one email, the email previews, the
// audit log, the data export, erasing someone's data and the equality monitoring report.
import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import { describe, it } from 'node:test'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import type { StaffUser } from '../../src/entities/index.ts'
import { expectNoAxeViolations, expectReflowAt320, useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { applicantSignInToken, submitApplication } from '../helpers/review.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'

const t = useBrowserApp()
let page: Page
let admin: StaffUser
let failedEmailId: string
let signInEmailId: string

t.before(async () => {
  page = await t.newPage()
  admin = await createStaff(t, ['admin'], 'Ada Admin')

  await submitApplication(t, { email: 'grace@example.org', fullName: 'Grace Hopper' })
  await applicantSignInToken(t, 'grace@example.org')
  ;[{ id: signInEmailId }] = await t.database.dataSource.query(
    `SELECT "id" FROM "email_messages" WHERE "recipient" = 'grace@example.org' AND "template" = 'applicant-sign-in'`,
  )
  const failed = await t.services.mail.enqueue(t.database.dataSource.manager, {
    key: 'browser-test:failed',
    template: 'staff-test',
    to: 'returned.mail.apprentice@bartshealth.nhs.uk',
    data: { requestedBy: 'Ada Admin' },
  })
  failedEmailId = failed.id
  await t.database.dataSource.query(`UPDATE "email_messages" SET "status" = 'failed', "attempts" = 12, "last_error" = '550 mailbox unavailable' WHERE "id" = $1`, [failedEmailId])

  const answers = ['female', 'female', 'female', 'female', 'female', 'female', 'male', 'male', 'male', 'male', 'male', 'prefer-not-to-say']
  for (const [i, sex] of answers.entries()) {
    await t.database.dataSource.query(`INSERT INTO "equality_responses" ("submitted_month", "answers") VALUES ($1, $2)`, [
      i < 8 ? '2025-05-01' : '2024-11-01',
      JSON.stringify({ sex, age: '25-34' }),
    ])
  }
})

const url = (path: string) => `${t.server.baseUrl}${path}`

/**
 * Axe for a page with an email's HTML preview. The preview is a sandboxed frame with no scripts
 * allowed, so axe cannot run inside it (and waits for it forever): the frame is left out, the
 * rest of the page is checked as usual. Its content is our own email template.
 */
async function expectNoAxeViolationsOutsidePreview(p: Page): Promise<void> {
  const results = await new AxeBuilder({ page: p })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .exclude('iframe.app-email-preview')
    .analyze()
  assert.deepEqual(
    results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    [],
    `accessibility problems on ${p.url()}`,
  )
}

async function arriveOnEmailPage(p: Page, action: () => Promise<void>): Promise<void> {
  await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), action()])
  await expectNoAxeViolationsOutsidePreview(p)
}

describe('the admin pages', () => {
  it('signs in and finds every admin page from the header or the staff home page', async () => {
    await open(page, url('/sign-in'))
    await answer(page, { fill: { email: admin.email, password: STAFF_PASSWORD } })
    await arriveAfter(page, () => page.locator('#password').press('Enter'))
    await open(page, url('/staff'))
    const menu = page.getByRole('navigation', { name: 'Menu' })
    for (const name of ['Users', 'Settings', 'Emails', 'Audit log']) {
      assert.equal(await menu.getByRole('link', { name, exact: true }).count(), 1, `a link to ${name} in the header`)
    }
    for (const name of ['Export someone’s data', 'Erase someone’s data', 'Equality monitoring']) {
      assert.equal(await page.getByRole('main').getByRole('link', { name, exact: true }).count(), 1, `a link to ${name}`)
    }
  })

  it('settings: errors with the NHS pattern, then saved', async () => {
    await open(page, url('/admin/settings'))
    await answer(page, { fill: { communityName: '', quorum: '25', referencePrefix: 'pyc' } })
    await pressButton(page, 'Save settings')
    await expectErrorState(page, { field: 'communityName', message: 'Enter the name of the community', kept: { quorum: '25', referencePrefix: 'PYC' } })
    assert.equal(await page.locator('#quorum-error', { hasText: 'The quorum must be between 1 and 20' }).count(), 1)

    await answer(page, { fill: { communityName: 'Leeds Data Collective', quorum: '3' }, check: [['Blind review', 'Off']] })
    await pressButton(page, 'Save settings')
    assert.equal(pathOf(page), '/admin/settings')
    assert.match(await page.title(), /^Settings - Leeds Data Collective$/)
    assert.match((await page.locator('.nhsuk-notification-banner').textContent()) ?? '', /Settings saved/)
    assert.ok(await page.locator('#blindReview-2').isChecked())
  })

  it('the email log: failed emails at the top, one email with a sandboxed preview, sending it again', async () => {
    await open(page, url('/admin/emails'))
    assert.match((await page.locator('.nhsuk-card--warning').textContent()) ?? '', /1 email failed to send/)
    await arriveAfter(page, () => page.getByRole('link', { name: 'Show failed emails' }).click())
    assert.equal(pathOf(page), '/admin/emails?status=failed')
    assert.equal(await page.locator('tbody tr').count(), 1)

    await arriveOnEmailPage(page, () => page.locator('tbody a').first().click())
    assert.equal(pathOf(page), `/admin/emails/${failedEmailId}`)
    assert.match((await page.locator('pre.app-email-text').textContent()) ?? '', /It was sent at the request of Ada Admin/)
    // The preview renders under the page's CSP (no frame-src needed for srcdoc), with no script allowed.
    const iframe = page.locator('iframe.app-email-preview')
    assert.equal(await iframe.getAttribute('sandbox'), '')
    const preview = page.frameLocator('iframe.app-email-preview')
    assert.match((await preview.locator('h1').textContent()) ?? '', /Test email/)

    await arriveOnEmailPage(page, () => page.getByRole('button', { name: 'Send again', exact: true }).press('Enter'))
    assert.match((await page.locator('.nhsuk-notification-banner').textContent()) ?? '', /queued to send again/)
    assert.equal(await page.getByRole('button', { name: 'Send again' }).count(), 0)

    await open(page, url(`/admin/emails/${signInEmailId}`))
    assert.match((await page.locator('main').textContent()) ?? '', /Hidden: this email contains a one-time link/)
    assert.equal(await page.locator('iframe, pre').count(), 0)

    await open(page, url('/admin/emails'))
    await pressButton(page, 'Send a test email to me')
    assert.match((await page.locator('.nhsuk-notification-banner').textContent()) ?? '', /A test email has been queued/)
    // The log's table stacks its cells at 320 px; the addresses and template names in them break.
    await expectReflowAt320(page)
  })

  it('email previews: every template listed, one shown with its text and its HTML in a sandboxed frame', async () => {
    await open(page, url('/admin/emails'))
    await arriveAfter(page, () => page.getByRole('link', { name: 'Preview every email template' }).click())
    assert.equal(pathOf(page), '/admin/emails/templates')
    await arriveOnEmailPage(page, () => page.getByRole('link', { name: 'staff-test', exact: true }).click())
    assert.equal(pathOf(page), '/admin/emails/templates/staff-test')
    assert.match((await page.locator('pre.app-email-text').textContent()) ?? '', /It was sent at the request of Ada Admin/)
    assert.equal(await page.locator('iframe.app-email-preview').getAttribute('sandbox'), '')
    assert.match((await page.frameLocator('iframe.app-email-preview').locator('h1').textContent()) ?? '', /Test email/)
  })

  it('the audit log, filtered by action', async () => {
    await open(page, url('/admin/audit'))
    await page.locator('#action').selectOption('email.')
    await pressButton(page, 'Apply filters')
    assert.equal(pathOf(page), '/admin/audit?action=email.&subject=')
    const text = (await page.locator('tbody').textContent()) ?? ''
    assert.match(text, /Email sent again/)
    assert.match(text, /Ada Admin/)
    assert.doesNotMatch(text, /Application sent/)
  })

  it('the data export: an error, then the download', async () => {
    await open(page, url('/admin/data'))
    await answer(page, { fill: { email: 'grace@' } })
    await pressButton(page, 'Download the data')
    await expectErrorState(page, { field: 'email', message: 'Enter an email address in the correct format', kept: { email: 'grace@' } })

    await answer(page, { fill: { email: 'grace@example.org' } })
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the data' }).click()])
    assert.match(download.suggestedFilename(), /^personal-data-export-\d{4}-\d{2}-\d{2}\.json$/)
    const data = JSON.parse(await fs.readFile((await download.path())!, 'utf8')) as { applications: { fullName: string }[]; equalityMonitoring: string }
    assert.equal(data.applications[0]!.fullName, 'Grace Hopper')
    assert.equal(data.equalityMonitoring, 'not linked to any person; cannot be exported')
    await expectNoAxeViolations(page)
  })

  it('erasing someone’s data: an error, the page that asks with counts, then erased', async () => {
    await submitApplication(t, { email: 'erase.me@example.org', fullName: 'Erin Erasable' })
    await open(page, url('/admin/data'))
    await arriveAfter(page, () => page.getByRole('link', { name: 'Erase everything held about an email address', exact: true }).press('Enter'))
    assert.equal(pathOf(page), '/admin/data/erase')
    await pressButton(page, 'Continue')
    await expectErrorState(page, { field: 'email', message: 'Enter the email address to erase everything held about' })
    await answer(page, { fill: { email: 'erase.me@example.org' } })
    await arriveAfter(page, () => page.locator('#email').press('Enter'))
    assert.match(await page.title(), /^Are you sure you want to erase everything held about this email address\?/)
    assert.match((await page.locator('tbody').textContent()) ?? '', /Applications\s*How many\s*1/)
    assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /Erin Erasable/)
    await pressButton(page, 'Erase everything held about this address')
    assert.equal(pathOf(page), '/admin/data/erase')
    assert.match((await page.locator('.nhsuk-notification-banner').textContent()) ?? '', /Everything held about the email address has been erased/)
    assert.deepEqual(await t.database.dataSource.query(`SELECT 1 FROM applications WHERE email = 'erase.me@example.org'`), [])
  })

  it('the equality monitoring report, for all years and for one', async () => {
    await open(page, url('/admin/equality'))
    assert.match((await page.locator('main').textContent()) ?? '', /12 people answered at least one question/)
    await arriveAfter(page, () => page.getByRole('link', { name: '2025', exact: true }).click())
    assert.equal(pathOf(page), '/admin/equality?year=2025')
    assert.match(await page.title(), /^Equality monitoring: 2025 - /)
  })
})
