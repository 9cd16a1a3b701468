// The board's side in Chromium: two board members review an application independently (each
// meeting the score sheet's error state first), then the community manager records decisions
// (shortlist, an invitation to a conversation, an offer), and the applicant's emails arrive at a
// real SMTP server through the real worker. Axe (WCAG 2.2 A and AA) runs on every page visited,
// error states included; staff sign in with the keyboard.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { formatTimeRange } from '../../src/domain/conversation.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, expectErrorState, open, pathOf, pressButton, pressEnterIn } from '../helpers/browser-forms.ts'
import { submitApplication, type SubmittedApplication } from '../helpers/review.ts'
import { futureTimes, offerFields } from '../helpers/conversations.ts'
import { SmtpSink, type ReceivedMessage } from '../helpers/smtp-sink.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'
import { sendMailTo } from '../helpers/worker.ts'

const SIGN_IN_FAILED = 'Enter a correct email address and password'

const t = useBrowserApp()
const sink = new SmtpSink()
let boardA: StaffUser
let boardB: StaffUser
let manager: StaffUser
let admin: StaffUser
let application: SubmittedApplication

t.before(async () => {
  await sendMailTo(t, sink)
  boardA = await createStaff(t, ['board-member'], 'Bea Board')
  boardB = await createStaff(t, ['board-member'], 'Ben Board')
  manager = await createStaff(t, ['community-manager'], 'Cora Manager')
  admin = await createStaff(t, ['admin'], 'Adam Admin')
  // The applicant applied already (the form itself has its own journey test).
  application = await submitApplication(t, { fullName: 'Grace Hopper', email: 'grace.hopper@example.org', phone: '07700 900461' })
})

/** A fresh browser, so that each person has their own cookies. */
function newPage(): Promise<Page> {
  return t.newPage()
}

const url = (path: string) => t.server.baseUrl + path
const text = async (page: Page, selector = 'main') => ((await page.locator(selector).innerText()) ?? '').replace(/\s+/g, ' ')

/** Signs in through /sign-in: typing into the fields and pressing Enter in the password. */
async function signInAs(page: Page, user: StaffUser, landsOn: string): Promise<void> {
  await open(page, url('/sign-in'))
  await answer(page, { fill: { email: user.email, password: STAFF_PASSWORD } })
  await pressEnterIn(page, 'password')
  assert.equal(pathOf(page), landsOn, `${user.name} lands on ${landsOn}`)
}

async function signOut(page: Page): Promise<void> {
  await pressButton(page, 'Sign out')
  assert.equal(pathOf(page), '/signed-out')
}

/** From the queue, opens the application by its reference, as a keyboard user would. */
async function openFromQueue(page: Page): Promise<void> {
  await open(page, url('/review'))
  assert.match(await page.locator('h1').innerText(), /Applications/)
  await arriveAfter(page, () => page.getByRole('link', { name: application.reference, exact: true }).press('Enter'))
  assert.equal(pathOf(page), `/review/applications/${application.reference}`)
}

/** The score sheet's fields: the name of each criterion's radios, in order. */
async function scoreFields(page: Page): Promise<string[]> {
  const names = await page.locator('input[type="radio"][name^="score-"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).name))
  return [...new Set(names)]
}

const scoreRadio = (page: Page, field: string, score: number) => page.locator(`input[type="radio"][name="${field}"][value="${score}"]`)

interface Review {
  /** One score per criterion, in the sheet's order (the last is reused if there are more). */
  scores: number[]
  recommendation: 'Appoint' | 'Maybe' | 'Do not appoint'
  comment: string
}

/** The score a review gives the criterion at `index`. */
const scoreFor = (review: Review, index: number) => review.scores[Math.min(index, review.scores.length - 1)]!

/**
 * Fills in the score sheet and submits it. With `leaveOut`, that criterion's score is left out:
 * the page comes back with the error, keeping everything else, and is then completed.
 */
async function submitReview(page: Page, review: Review, leaveOut?: number): Promise<void> {
  const fields = await scoreFields(page)
  assert.ok(fields.length >= 2, `the score sheet has the role's criteria (${fields.join(', ')})`)
  const scoreOf = (index: number) => scoreFor(review, index)
  for (const [index, field] of fields.entries()) if (index !== leaveOut) await scoreRadio(page, field, scoreOf(index)).check()
  await page.getByRole('group', { name: 'Your recommendation' }).getByLabel(review.recommendation, { exact: true }).check()
  await answer(page, { fill: { comment: review.comment } })
  await pressButton(page, 'Submit your review')

  if (leaveOut !== undefined) {
    const missing = fields[leaveOut]!
    assert.equal(pathOf(page), `/review/applications/${application.reference}/review`)
    const kept = await Promise.all(
      fields.flatMap((field, index) => (index === leaveOut ? [] : [scoreRadio(page, field, scoreOf(index)).getAttribute('id')])),
    )
    await expectErrorState(page, {
      // The summary links to the criterion's first radio, whose id is the field's name.
      field: missing,
      message: 'Select a score for',
      kept: { comment: review.comment },
      stillChecked: kept.filter((id): id is string => id !== null),
    })
    assert.ok(await page.getByRole('group', { name: 'Your recommendation' }).getByLabel(review.recommendation, { exact: true }).isChecked(), 'the recommendation is kept')
    await scoreRadio(page, missing, scoreOf(leaveOut)).check()
    await pressButton(page, 'Submit your review')
  }
  assert.equal(pathOf(page), `/review/applications/${application.reference}`)
  assert.match(await text(page, '.nhsuk-notification-banner'), /Your review has been submitted/)
}

/** The Score column of the table whose caption starts with `caption`, top to bottom. */
async function scoresIn(page: Page, caption: string): Promise<string[]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) })
  assert.equal(await table.count(), 1, `one table "${caption}…"`)
  const cells = await table.locator('tbody tr td:nth-child(2)').allInnerTexts()
  return cells.map((cell) => cell.trim().split(/\s+/).at(-1) ?? '')
}

/** Opens "Record a decision" from the application page. */
async function openDecision(page: Page): Promise<void> {
  await arriveAfter(page, () => page.getByRole('button', { name: 'Record a decision' }).press('Enter'))
  assert.equal(pathOf(page), `/review/applications/${application.reference}/decision`)
}

async function recordDecision(page: Page): Promise<void> {
  await pressButton(page, 'Record decision and email the applicant')
}

const toApplicant = (subject: RegExp) => (message: ReceivedMessage) =>
  message.envelopeTo.includes(application.email) && subject.test(message.mail.subject ?? '')

describe('the board reviews an application in the browser', () => {
  it('sign-in shows its error state, and a board member signs in with the keyboard alone', async () => {
    const page = await newPage()
    await open(page, url('/sign-in'))
    await answer(page, { fill: { email: boardA.email, password: 'not my password' } })
    await pressEnterIn(page, 'password')
    assert.equal(pathOf(page), '/sign-in')
    await expectErrorState(page, { field: 'email', message: SIGN_IN_FAILED, kept: { email: boardA.email } })
    assert.equal(await page.locator('#password').inputValue(), '', 'the password is never sent back')

    // Keyboard only, from the top of a fresh page: Tab to the email field, type, Tab, type, Enter.
    await open(page, url('/sign-in'))
    let tabs = 0
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'email') {
      assert.ok(++tabs <= 25, 'the email field can be reached with Tab')
      await page.keyboard.press('Tab')
    }
    await page.keyboard.type(boardA.email)
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'Tab moves from the email to the password')
    await page.keyboard.type(STAFF_PASSWORD)
    await arriveAfter(page, () => page.keyboard.press('Enter'))
    assert.equal(pathOf(page), '/review', 'a board member lands on the queue')
    await signOut(page)
  })

  it('two board members review independently; the community manager shortlists, invites and offers; the applicant is emailed each time', async () => {
    // Board member A: the queue, the application (blind), the score sheet with a score missing, then complete.
    const a = await newPage()
    await signInAs(a, boardA, '/review')
    await openFromQueue(a)
    const blindView = await text(a)
    assert.match(blindView, /Hidden until shortlisted/)
    for (const identity of [application.fullName, application.email, '07700 900461']) assert.ok(!blindView.includes(identity), `blind review hides ${identity}`)
    const reviewA: Review = { scores: [5, 4, 4, 3], recommendation: 'Appoint', comment: 'Keen to learn, and has already built a site.' }
    await submitReview(a, reviewA, 2)
    // Having submitted, A sees the board's reviews: only their own so far.
    assert.match(await text(a), /Bea Board \(your review\)/)
    await signOut(a)

    // Board member B: sees nothing of A's review until submitting their own.
    const b = await newPage()
    await signInAs(b, boardB, '/review')
    await openFromQueue(b)
    const beforeOwn = await text(b)
    assert.match(beforeOwn, /you will see other board members’ scores, recommendations and comments after you submit your own review/i)
    for (const hidden of ['Bea Board', reviewA.comment]) assert.ok(!beforeOwn.includes(hidden), `before submitting, B does not see "${hidden}"`)
    assert.equal(await b.locator('caption', { hasText: /scores/i }).count(), 0, 'before submitting, B sees no scores, averaged or not')
    const reviewB: Review = { scores: [3, 3, 2, 2], recommendation: 'Maybe', comment: 'Would like to hear more about the time available.' }
    await submitReview(b, reviewB, 0)
    const afterOwn = await text(b)
    for (const shown of ['Bea Board', reviewA.comment, 'Ben Board (your review)', reviewB.comment]) assert.ok(afterOwn.includes(shown), `after submitting, B sees "${shown}"`)
    const scoresOfA = await scoresIn(b, 'Bea Board’s scores')
    assert.equal(scoresOfA.length, (await scoreFields(b)).length, 'a score for each criterion')
    assert.deepEqual(scoresOfA, scoresOfA.map((_, index) => String(scoreFor(reviewA, index))), 'after submitting, B sees A’s scores')
    const recommendations = await b.locator('.nhsuk-summary-list__row').evaluateAll((rows) =>
      Object.fromEntries(rows.map((row) => [row.querySelector('dt')?.textContent?.trim(), row.querySelector('dd')?.textContent?.trim()])),
    )
    assert.equal(recommendations['Appoint'], '1')
    assert.equal(recommendations['Maybe'], '1')
    await signOut(b)

    // The community manager: sees who applied (blind review is for reviewers), and decides.
    const m = await newPage()
    await signInAs(m, manager, '/review')
    await openFromQueue(m)
    const managerView = await text(m)
    for (const identity of [application.fullName, application.email]) assert.ok(managerView.includes(identity), `the community manager sees ${identity}`)
    assert.ok(managerView.includes(reviewA.comment) && managerView.includes(reviewB.comment), 'the community manager sees the reviews')

    await openDecision(m)
    await recordDecision(m)
    await expectErrorState(m, { field: 'decision', message: 'Select a decision' })
    await m.getByLabel('Shortlist', { exact: true }).check()
    await recordDecision(m)
    assert.equal(pathOf(m), `/review/applications/${application.reference}`)
    assert.match(await text(m, '.nhsuk-notification-banner'), /Application shortlisted\. We have emailed the applicant\./)

    // Inviting to a conversation goes on to offering times (their error states are in the conversation journey).
    await openDecision(m)
    await m.getByLabel('Invite to a conversation', { exact: true }).check()
    await recordDecision(m)
    assert.equal(pathOf(m), `/review/applications/${application.reference}/conversation/new`)
    const times = futureTimes(2)
    const slots = Object.entries(offerFields(times)).filter(([name]) => name.startsWith('slot'))
    await answer(m, { fill: Object.fromEntries(slots.map(([name, value]) => [name, String(value)])) })
    await m.getByLabel('Video call', { exact: true }).check()
    await answer(m, { fill: { videoLink: 'https://meet.example.org/pyc' } })
    await pressButton(m, 'Offer these times and email the applicant')
    assert.match(await text(m, '.nhsuk-notification-banner'), /Times offered\. We have emailed the applicant/)
    assert.equal(pathOf(m), `/review/applications/${application.reference}/conversation`)

    await open(m, url(`/review/applications/${application.reference}`))
    await openDecision(m)
    await m.getByLabel('Offer a role', { exact: true }).check()
    await m.getByRole('group', { name: 'Which role are you offering?' }).getByLabel('Web developer', { exact: true }).check()
    await answer(m, { fill: { offerMessage: 'We loved talking to you.' } })
    await recordDecision(m)
    assert.match(await text(m, '.nhsuk-notification-banner'), /Role offered to the applicant\. We have emailed the applicant\./)
    await signOut(m)

    // The applicant's emails, delivered by the worker over SMTP.
    const shortlisted = await sink.waitForMessage(toApplicant(/has been shortlisted/), 30_000)
    assert.match(shortlisted.mail.text ?? '', new RegExp(application.reference))
    const invitation = await sink.waitForMessage(toApplicant(/Choose a time for a conversation/), 30_000)
    for (const time of times) assert.ok((invitation.mail.text ?? '').replace(/\s+/g, ' ').includes(formatTimeRange(time)), 'the invitation lists the times')
    const offer = await sink.waitForMessage(toApplicant(/An offer to volunteer/), 30_000)
    assert.match(offer.mail.text ?? '', /Web developer/)
    assert.match(offer.mail.text ?? '', /We loved talking to you\./)
    assert.match(offer.mail.text ?? '', /\/offer\/[\w-]+\/accept/)
    for (const received of [shortlisted, invitation, offer]) assert.deepEqual(received.envelopeTo, [application.email])
  })

  it('the staff home page, the account page and the staff accounts page pass axe', async () => {
    const board = await newPage()
    await signInAs(board, boardA, '/review')
    await open(board, url('/staff'))
    await open(board, url('/account'))
    assert.ok(await board.getByRole('group', { name: 'How would you like to hear about new applications?' }).isVisible())
    await signOut(board)

    const page = await newPage()
    await signInAs(page, admin, '/staff')
    assert.match(await page.locator('h1').innerText(), /Hello Adam Admin/)
    await open(page, url('/account'))
    await open(page, url('/admin/users'))
    for (const person of [boardA, boardB, manager, admin]) assert.match(await text(page), new RegExp(person.name))
    await signOut(page)
  })
})
