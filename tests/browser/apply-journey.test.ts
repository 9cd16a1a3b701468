// A new applicant's journey in Chromium: from the start page to the confirmation and the receipt
// email, with each page's error state on the way, and axe (WCAG 2.2 A and AA) on every page.
// The worker really sends the email to a real SMTP server (the sink), also after an outage.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AddressObject } from 'mailparser'
import type { Page } from 'playwright-core'
import { EmailMessage } from '../../src/entities/index.ts'
import { testConfig } from '../helpers/app.ts'
import { useBrowserApp } from '../helpers/browser.ts'
import {
  answer,
  arriveAfter,
  continueOn,
  expectErrorState,
  open,
  pathOf,
  pressButton,
  pressEnterIn,
  type ExpectedError,
  type PageAnswers,
} from '../helpers/browser-forms.ts'
import { SmtpSink, type ReceivedMessage } from '../helpers/smtp-sink.ts'
import { sendMailTo } from '../helpers/worker.ts'

const REFERENCE = /[A-Z]{2,6}-[2-9A-Z]{4}-[2-9A-Z]{4}/

const t = useBrowserApp()
const sink = new SmtpSink()

t.before(async () => {
  // Links in emails use the app's configured baseUrl (http://localhost:3000 in tests): the app
  // has to exist before listen() can give it a port. Rather than rebuild the app around the port,
  // the resume test checks the link against the configured baseUrl and opens its path on this
  // test server (see onTestServer).
  // The worker shares the app's test database (its jobs and email_messages) and sends to the sink.
  await sendMailTo(t, sink)
})

/** A fresh browser, as a new applicant (or the same one on another device) would have. */
function newApplicantPage(): Promise<Page> {
  return t.newPage()
}

function onTestServer(link: string): string {
  const url = new URL(link)
  return t.server.baseUrl + url.pathname + url.search
}

interface Applicant {
  name: string
  email: string
}

interface FormPage {
  path: string
  /** Sent first, when the walk includes errors: the answers and the error state they give. */
  invalid?: { answers: PageAnswers; error: ExpectedError }
  valid: PageAnswers
  /** Send by pressing Enter in this text field; otherwise with the Continue button. */
  enterIn?: string
  /** Send with this button instead of Continue. */
  button?: string
}

const MOTIVATION = 'I would love to help the community grow, and to learn HTML and CSS along the way.'
const TOO_MANY_WORDS = Array.from({ length: 501 }, (_, i) => `word${i}`).join(' ')
const COMMUNITY_DIRECTION = 'More members outside London, and a monthly online meet-up for beginners.'
const WEB_EXPERIENCE = 'My own site on GitHub Pages.'

/**
 * Every page of the form for someone who chose the web developer role (from its page) and the
 * community manager role, preferring community manager. The community manager role has a
 * required question, so its questions page has an error state.
 */
function formPages(applicant: Applicant): FormPage[] {
  return [
    {
      path: '/apply/roles',
      invalid: {
        answers: { uncheck: ['Web developer'] },
        error: { field: 'roles', message: 'Select at least one role you are interested in' },
      },
      valid: { check: ['Web developer', 'Community manager'] },
    },
    {
      path: '/apply/role-order',
      invalid: {
        answers: { select: { 'rank-web-developer': '1', 'rank-community-manager': '1' } },
        error: { field: 'rank-web-developer', message: 'Give each role a different number', kept: { 'rank-web-developer': '1', 'rank-community-manager': '1' } },
      },
      valid: { select: { 'rank-web-developer': '2', 'rank-community-manager': '1' } },
    },
    {
      path: '/apply/name',
      invalid: { answers: { fill: { fullName: '' } }, error: { field: 'fullName', message: 'Enter your full name', kept: { fullName: '' } } },
      valid: { fill: { fullName: applicant.name } },
      enterIn: 'fullName',
    },
    {
      path: '/apply/email',
      invalid: {
        answers: { fill: { email: applicant.email.replace('@', '.') } },
        error: {
          field: 'email',
          message: 'Enter an email address in the correct format, like name@example.com',
          kept: { email: applicant.email.replace('@', '.') },
        },
      },
      valid: { fill: { email: applicant.email } },
      enterIn: 'email',
    },
    { path: '/apply/phone', valid: { fill: { phone: '07700 900982' } }, enterIn: 'phone' },
    {
      path: '/apply/nhs-employment',
      invalid: {
        // Yes reveals organisation and job title; leaving the organisation empty is the error.
        answers: { check: ['Yes'], fill: { organisation: '', jobTitle: 'Apprentice data analyst' } },
        error: {
          field: 'organisation',
          message: 'Enter the name of the organisation you work for',
          kept: { organisation: '', jobTitle: 'Apprentice data analyst' },
          stillChecked: ['nhsEmployed'],
        },
      },
      valid: { check: ['Yes'], fill: { organisation: 'Barts Health NHS Trust', jobTitle: 'Apprentice data analyst' } },
    },
    // Optional after a "yes": skipped here (tests/browser/nhs-email.test.ts verifies one).
    { path: '/apply/nhs-email', valid: {}, button: 'Skip this step' },
    { path: '/apply/career-stage', valid: { check: ['Apprentice'] } },
    { path: '/apply/hours', valid: { check: ['Yes'] } },
    {
      path: '/apply/motivation',
      invalid: {
        answers: { fill: { motivation: TOO_MANY_WORDS } },
        error: { field: 'motivation', message: 'Your answer must be 500 words or fewer', kept: { motivation: TOO_MANY_WORDS } },
      },
      valid: { fill: { motivation: MOTIVATION } },
    },
    {
      path: '/apply/skills',
      invalid: {
        answers: {},
        error: { field: 'skills', message: 'Select the skills you have, or select ‘None of these yet’' },
      },
      valid: { check: ['HTML/CSS', 'Leadership'], fill: { skillsOther: 'A short course in Python' } },
    },
    {
      path: '/apply/questions/community-manager',
      invalid: {
        answers: { fill: { 'question-community-direction': '' } },
        error: { field: 'question-community-direction', message: 'Answer ‘What would you like the community to achieve in the next year?’' },
      },
      valid: { fill: { 'question-community-direction': COMMUNITY_DIRECTION } },
    },
    { path: '/apply/questions/web-developer', valid: { fill: { 'question-web-experience': WEB_EXPERIENCE } } },
    { path: '/apply/heard-about', valid: { fill: { heardAbout: 'Slack' } }, enterIn: 'heardAbout' },
    {
      path: '/apply/consent',
      invalid: {
        answers: {},
        error: { field: 'consent', message: 'Confirm that you agree to us using your information to consider your application' },
      },
      valid: { check: ['#consent'] },
    },
    {
      path: '/apply/equality',
      valid: { check: [['What is your age?', 'Under 25'], ['What is your sex?', 'Prefer not to say']] },
    },
  ]
}

async function send(page: Page, formPage: FormPage): Promise<void> {
  if (formPage.enterIn) await pressEnterIn(page, formPage.enterIn)
  else if (formPage.button) await pressButton(page, formPage.button)
  else await continueOn(page)
}

/**
 * Answers the pages in order, starting on the first. With `withErrors`, each page that has an
 * invalid answer gets it first, and its error state is checked. Ends on the page after the last.
 */
async function answerPages(page: Page, pages: FormPage[], options: { withErrors: boolean; thenGoTo: string }): Promise<void> {
  for (const [index, formPage] of pages.entries()) {
    assert.equal(pathOf(page), formPage.path)
    if (options.withErrors && formPage.invalid) {
      await answer(page, formPage.invalid.answers)
      await send(page, formPage)
      assert.equal(pathOf(page), formPage.path, `${formPage.path} shows its errors on the same page`)
      await expectErrorState(page, formPage.invalid.error)
    }
    await answer(page, formPage.valid)
    await send(page, formPage)
    assert.equal(pathOf(page), pages[index + 1]?.path ?? options.thenGoTo, `after ${formPage.path}`)
  }
}

/** From the start page to the web developer role, and "Apply for this role" (which preselects it). */
async function startFromRolePage(page: Page): Promise<void> {
  await open(page, t.server.baseUrl + '/')
  await arriveAfter(page, () => page.locator('main a[href="/roles/web-developer"]').press('Enter'))
  assert.equal(pathOf(page), '/roles/web-developer')
  await arriveAfter(page, () => page.getByRole('button', { name: 'Apply for this role' }).press('Enter'))
  assert.equal(pathOf(page), '/apply/roles')
  assert.ok(await page.getByLabel('Web developer', { exact: true }).isChecked(), 'the role applied for is preselected')
}

async function submitApplication(page: Page): Promise<string> {
  await pressButton(page, 'Submit application')
  assert.equal(pathOf(page), '/apply/confirmation')
  assert.equal(await page.locator('h1').textContent().then((text) => text?.trim()), 'Application sent')
  assert.ok(await page.getByRole('heading', { name: 'What happens next' }).isVisible())
  const reference = REFERENCE.exec((await page.locator('.app-reference').textContent()) ?? '')?.[0]
  assert.ok(reference, 'the confirmation shows the reference')
  return reference
}

/** Check your answers as a table: each row's key and its value, as shown. */
async function summaryRows(page: Page): Promise<Record<string, string>> {
  const rows = await page.locator('.nhsuk-summary-list__row').evaluateAll((elements) =>
    elements.map((row) => [row.querySelector<HTMLElement>('dt')?.innerText, row.querySelector<HTMLElement>('dd.nhsuk-summary-list__value')?.innerText]),
  )
  const tidy = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()
  return Object.fromEntries(rows.map(([key, value]) => [tidy(key), tidy(value)]))
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.map((address) => address.address ?? ''))
}

const sentTo = (address: string) => (message: ReceivedMessage) => message.envelopeTo.includes(address)

async function emailRowFor(recipient: string, template: string): Promise<EmailMessage | null> {
  return t.database.dataSource.getRepository(EmailMessage).findOneBy({ recipient, template })
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('applying in the browser', () => {
  it('a new applicant meets each error state, checks and changes an answer, submits, and gets the receipt email', async () => {
    const ada: Applicant = { name: 'Ada Lovelace', email: 'ada.lovelace@example.org' }
    const page = await newApplicantPage()
    await startFromRolePage(page)
    await answerPages(page, formPages(ada), { withErrors: true, thenGoTo: '/apply/check' })

    // Check your answers shows every answer, the roles in order of preference.
    const expected: Record<string, string> = {
      'Roles, in order of preference': 'Community manager Web developer',
      'Full name': ada.name,
      'Email address': ada.email,
      'Phone number': '07700 900982',
      'Works for the NHS or a health or care organisation': 'Yes',
      Organisation: 'Barts Health NHS Trust',
      'Job title': 'Apprentice data analyst',
      'NHS email address': 'Not verified (optional)',
      'Career stage': 'Apprentice',
      'Can give about 2 hours a week': 'Yes',
      'Why you would like to volunteer': MOTIVATION,
      'Skills and experience': 'Leadership, HTML/CSS A short course in Python',
      'Community manager: What would you like the community to achieve in the next year?': COMMUNITY_DIRECTION,
      'Web developer: Tell us about any website or code you have worked on': WEB_EXPERIENCE,
      'How you heard about us': 'Slack',
      'Questions answered': '2 of 6',
    }
    assert.deepEqual(await summaryRows(page), expected)

    // Change the name, and come straight back.
    await arriveAfter(page, () => page.locator('a[href="/apply/name?change=1"]').press('Enter'))
    assert.equal(pathOf(page), '/apply/name?change=1')
    assert.equal(await page.locator('#fullName').inputValue(), ada.name)
    await answer(page, { fill: { fullName: 'Ada King' } })
    await pressEnterIn(page, 'fullName')
    assert.equal(pathOf(page), '/apply/check')
    assert.deepEqual(await summaryRows(page), { ...expected, 'Full name': 'Ada King' })

    const reference = await submitApplication(page)

    const { mail, envelopeTo } = await sink.waitForMessage(sentTo(ada.email))
    assert.deepEqual(envelopeTo, [ada.email])
    assert.deepEqual(addresses(mail.to), [ada.email])
    assert.ok(mail.subject?.includes(reference), `the subject "${mail.subject}" has the reference`)
    assert.ok(mail.text?.includes(reference), 'the text has the reference')
    assert.ok(String(mail.html).includes(reference), 'the HTML has the reference')
    assert.match(mail.text ?? '', /Dear Ada King,/)
    assert.match(mail.text ?? '', /You applied for:\s+- Community manager\s+- Web developer/)
    assert.match(mail.text ?? '', /What happens next/)
  })

  it('an SMTP outage goes unnoticed by the applicant; the receipt arrives once the server is back', async () => {
    const grace: Applicant = { name: 'Grace Hopper', email: 'grace.hopper@example.org' }
    await sink.stop()
    let reference = ''
    try {
      const page = await newApplicantPage()
      await startFromRolePage(page)
      await answerPages(page, formPages(grace), { withErrors: false, thenGoTo: '/apply/check' })
      reference = await submitApplication(page)

      const failed = await waitFor('the first attempt to fail', async () => {
        const row = await emailRowFor(grace.email, 'application-received')
        return row && row.attempts >= 1 && row.lastError ? row : null
      })
      assert.equal(failed.status, 'queued', 'a failed attempt leaves the email queued for a retry')
      assert.match(failed.lastError ?? '', /ECONNREFUSED/)
      assert.equal(sink.messages.filter(sentTo(grace.email)).length, 0)
    } finally {
      // The server comes back on the same port (also for the next test if this one failed).
      await sink.start()
    }

    // No one does anything: the worker's own back-off retries the email.
    const { mail } = await sink.waitForMessage(sentTo(grace.email), 30_000)
    assert.ok(mail.subject?.includes(reference))
    assert.ok(mail.text?.includes(reference))
    const sent = await waitFor('the email to be marked sent', async () => {
      const row = await emailRowFor(grace.email, 'application-received')
      return row?.status === 'sent' ? row : null
    })
    assert.ok(sent.attempts >= 2, `sent after a failed attempt (attempts: ${sent.attempts})`)
    assert.equal(sink.messages.filter(sentTo(grace.email)).length, 1, 'one receipt, not one per attempt')
  })

  it('"Save and come back later" emails a link that brings the answers back in another browser', async () => {
    const mary: Applicant = { name: 'Mary Seacole', email: 'mary.seacole@example.org' }
    const page = await newApplicantPage()
    await startFromRolePage(page)
    const pages = formPages(mary)
    const motivation = pages.findIndex((formPage) => formPage.path === '/apply/motivation')
    await answerPages(page, pages.slice(0, motivation), { withErrors: false, thenGoTo: '/apply/motivation' })

    await answer(page, { fill: { motivation: MOTIVATION } })
    await pressButton(page, 'Save and come back later')
    assert.equal(pathOf(page), '/apply/save')
    assert.equal(await page.locator('#email').inputValue(), mary.email, 'the email address given is suggested')

    await answer(page, { fill: { email: 'mary.seacole.example.org' } })
    await pressEnterIn(page, 'email')
    assert.equal(pathOf(page), '/apply/save')
    await expectErrorState(page, {
      field: 'email',
      message: 'Enter an email address in the correct format, like name@example.com',
      kept: { email: 'mary.seacole.example.org' },
    })

    await answer(page, { fill: { email: mary.email } })
    await pressEnterIn(page, 'email')
    assert.equal(pathOf(page), '/apply/saved')
    assert.equal(await page.locator('h1').textContent(), 'Your application has been saved')

    const { mail } = await sink.waitForMessage(sentTo(mary.email))
    const link = /\S+\/apply\/resume\/\S+/.exec(mail.text ?? '')?.[0]
    assert.ok(link, 'the email has a link to continue')
    assert.ok(link.startsWith(testConfig().baseUrl + '/apply/resume/'), `the link uses the service's address: ${link}`)

    // Another browser: nothing of the first session comes with it.
    const elsewhere = await newApplicantPage()
    await open(elsewhere, onTestServer(link))
    assert.equal(await elsewhere.locator('h1').textContent(), 'Continue your application')
    await pressButton(elsewhere, 'Continue your application')
    assert.equal(pathOf(elsewhere), '/apply/skills', 'carries on from the first unanswered page')

    await open(elsewhere, t.server.baseUrl + '/apply/name')
    assert.equal(await elsewhere.locator('#fullName').inputValue(), mary.name)
    await open(elsewhere, t.server.baseUrl + '/apply/motivation')
    assert.equal(await elsewhere.locator('#motivation').inputValue(), MOTIVATION)
  })
})
