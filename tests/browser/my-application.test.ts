// An applicant follows their applications at /my-application in Chromium, with the keyboard:
// signing in with the emailed link (the email question's error state first), each role's status
// and what happens next, the answers they sent, the board's feedback, and, once they hold a role,
// the way to their checklist. Axe (WCAG 2.2 A and AA) runs on every page, and each new page is
// checked for reflow at 320 px.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { expectReflowAt320, useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton, pressEnterIn } from '../helpers/browser-forms.ts'
import { addBoardReview, decide, newExecutive, submitApplication, tokenFromEmail, type SubmittedApplication } from '../helpers/review.ts'

const t = useBrowserApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    boardA: { name: 'Bea Board', roles: ['board-member'] },
    boardB: { name: 'Ben Board', roles: ['board-member'] },
  },
})

const ADA = 'ada.follows@example.org'
let shortlisted: SubmittedApplication
let unsuccessful: SubmittedApplication

t.before(async () => {
  shortlisted = await submitApplication(t, {
    email: ADA,
    roles: ['web-developer', 'content-manager'],
    motivation: 'I would love to help the community grow.\n\nAnd to learn HTML and CSS along the way.',
  })
  unsuccessful = await submitApplication(t, { email: ADA, roles: ['events-manager'], roleAnswers: {} })
  for (const application of [shortlisted, unsuccessful]) {
    await addBoardReview(t, application, t.staff.boardA)
    await addBoardReview(t, application, t.staff.boardB)
  }
  await decide(t, shortlisted.reference, t.staff.manager, { decision: 'shortlist' })
  await decide(t, unsuccessful.reference, t.staff.manager, { decision: 'reject', reason: 'other', feedback: 'We loved your ideas for meet-ups. Please apply again next year.' })
})

const url = (path: string) => t.server.baseUrl + path
const text = async (page: Page, selector = 'main') => ((await page.locator(selector).innerText()) ?? '').replace(/\s+/g, ' ')

/** Moves focus with Tab until it reaches the link, then follows it with Enter. */
async function tabToLinkAndFollow(page: Page, name: string): Promise<void> {
  const link = page.getByRole('link', { name, exact: true })
  for (let tabs = 0; !(await link.evaluate((element) => element === document.activeElement)); tabs += 1) {
    assert.ok(tabs < 60, `"${name}" can be reached with Tab`)
    await page.keyboard.press('Tab')
  }
  await arriveAfter(page, () => page.keyboard.press('Enter'))
}

/** Asks for a link on /my-application and signs in with it, as the applicant would. */
async function signIn(page: Page, email: string): Promise<void> {
  await open(page, url('/my-application'))
  await answer(page, { fill: { email } })
  await pressEnterIn(page, 'email')
  assert.equal(pathOf(page), '/my-application/check-email')
  const token = await tokenFromEmail(t.database.dataSource, { recipient: email, template: 'applicant-sign-in' }, '/my-application/sign-in')
  await open(page, url(`/my-application/sign-in/${token}`))
  await pressButton(page, 'Sign in')
  assert.equal(pathOf(page), '/my-application')
}

describe('following an application', () => {
  it('shows each role’s status and what happens next, the board’s feedback, and what they sent', async () => {
    const page = await t.newPage()
    await open(page, url('/my-application'))
    await pressEnterIn(page, 'email')
    await expectErrorState(page, { field: 'email', message: 'Enter your email address' })
    await signIn(page, ADA)

    assert.equal(await page.locator('h1').innerText(), 'Your applications')
    const cards = await text(page)
    assert.match(cards, /Web developer First choice Shortlisted The board would like to know more about you\./)
    assert.match(cards, /Content manager Choice 2 Shortlisted/)
    assert.match(cards, /Events manager Not successful this time/)
    assert.match(cards, /Feedback from the board We loved your ideas for meet-ups\. Please apply again next year\./)
    await expectReflowAt320(page)

    // Keyboard only: Tab to the first card's "View what you sent" link (the newest application comes first).
    await tabToLinkAndFollow(page, `View what you sent (Application ${unsuccessful.reference})`)
    assert.equal(pathOf(page), `/my-application/${unsuccessful.reference}`)
    await arriveAfter(page, () => page.getByRole('link', { name: 'Back to your applications' }).press('Enter'))
    await tabToLinkAndFollow(page, `View what you sent (Application ${shortlisted.reference})`)
    assert.equal(pathOf(page), `/my-application/${shortlisted.reference}`)
    assert.equal(await page.locator('h1').innerText(), `Your application ${shortlisted.reference}`)
    const sent = await text(page)
    for (const shown of ['Roles, in order of preference', 'Ada Lovelace', ADA, 'Barts Health NHS Trust', 'I would love to help the community grow.', 'And to learn HTML and CSS along the way.', 'My own site on GitHub Pages.']) {
      assert.ok(sent.includes(shown), `shows "${shown}"`)
    }
    assert.equal(await page.getByRole('link', { name: /^Change/ }).count(), 0, 'read-only')
    await expectReflowAt320(page)

    await arriveAfter(page, () => page.getByRole('link', { name: 'Withdraw this application' }).press('Enter'))
    assert.equal(pathOf(page), `/my-application/${shortlisted.reference}/withdraw`)
  })

  it('an applicant who now holds a role finds their checklist from here', async () => {
    const executive = await newExecutive(t, { manager: t.staff.manager, reviewers: [t.staff.boardA, t.staff.boardB] }, { email: 'katherine.role@example.org', fullName: 'Katherine Johnson' })
    const page = await t.newPage()
    await signIn(page, executive.email)
    assert.match(await text(page, '.nhsuk-card--feature'), /Your role: Web developer You hold the Web developer role from \d{1,2} \w+ \d{4} to \d{1,2} \w+ \d{4}\./)
    await expectReflowAt320(page)
    await tabToLinkAndFollow(page, 'Go to your getting-started checklist')
    assert.equal(pathOf(page), '/my-onboarding')
  })
})
