// "Find a role that suits you" in Chromium: every page (error states included) passes axe, the
// questions can be answered with the keyboard alone, the answers carry into the application, and
// the application's suggestions and the board's match breakdown pass axe too.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { Role } from '../../src/entities/index.ts'
import { roleSeeds } from '../../seeds/roles.ts'
import { useBrowserApp } from '../helpers/browser.ts'
import { answer, arriveAfter, continueOn, expectErrorState, open, pathOf, pressButton, type Choice, type PageAnswers } from '../helpers/browser-forms.ts'
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.ts'
import { submitApplication } from '../../src/actions/apply/submit-application.ts'
import { APPLICANT } from '../../src/services/audit.ts'

const t = useBrowserApp()

beforeEach(async () => {
  await t.database.dataSource.query(`UPDATE roles SET status = 'open', closes_on = NULL`)
  for (const seed of roleSeeds) await t.database.dataSource.getRepository(Role).update({ slug: seed.slug }, { questions: seed.questions })
  t.services.roles.changed()
})

const SUBMIT = 'Show roles that suit me'

/** The id of the focused element, or its tag and text when it has none. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement
    return element?.id || `${element?.tagName ?? ''}:${element?.textContent?.trim() ?? ''}`
  })
}

/** Presses Tab until `target` (an id, or "TAG:text") has focus, as a keyboard user moves through a page. */
async function tabTo(page: Page, target: string): Promise<void> {
  for (let presses = 0; presses < 80; presses += 1) {
    if ((await focused(page)) === target) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target}; focus is on ${await focused(page)}`)
}

/** Answers the questions through the form (not the keyboard walk). */
async function answerQuestions(page: Page, choices: Choice[]): Promise<void> {
  await open(page, `${t.server.baseUrl}/match`)
  await answer(page, { check: choices })
  await pressButton(page, SUBMIT)
  assert.equal(pathOf(page), '/match/results')
}

const HOURS = 'Can you give about 2 hours a week?'
const NHS = 'Do you work for the NHS or a health or care organisation?'
const STAGE = 'Which best describes where you are in your career?'
const SKILLS = 'Which of these skills do you have?'

describe('/match with the keyboard alone', () => {
  it('answers every question with Tab, Space and Enter, from the error state to the ranked roles', async () => {
    const page = await t.newPage()
    await open(page, `${t.server.baseUrl}/match`)

    // Sending nothing shows the NHS error pattern (axe runs on it), with focus on the summary.
    await tabTo(page, `BUTTON:${SUBMIT}`)
    await arriveAfter(page, () => page.keyboard.press('Enter'))
    assert.equal(pathOf(page), '/match')
    assert.match(await page.title(), /^Error: /)
    assert.ok(await page.locator('.nhsuk-error-summary').evaluate((summary) => summary.contains(document.activeElement)))

    // From there on, the keyboard only: Tab into each group, Space to choose, Enter to send.
    await tabTo(page, 'hours') // Yes
    await page.keyboard.press('Space')
    await tabTo(page, 'nhsEmployed') // Yes
    await page.keyboard.press('Space')
    await tabTo(page, 'careerStage') // Apprentice
    await page.keyboard.press('Space')
    const skillIds = await page.locator('input[name="skills"]').evaluateAll((inputs) =>
      Object.fromEntries(inputs.map((input) => [(input as HTMLInputElement).value, input.id])),
    )
    await tabTo(page, skillIds['HTML/CSS']!)
    await page.keyboard.press('Space')
    await tabTo(page, skillIds.GitHub!)
    await page.keyboard.press('Space')
    await tabTo(page, `BUTTON:${SUBMIT}`)
    await arriveAfter(page, () => page.keyboard.press('Enter'))

    assert.equal(pathOf(page), '/match/results')
    assert.equal(await page.title(), 'Roles that suit you - NHS Python Community')
    const titles = await page.locator('main h2.nhsuk-card__heading').allInnerTexts()
    assert.equal(titles.length, 4)
    assert.match(titles[0]!, /Web developer/)
    assert.ok(await page.getByText('Skills: HTML/CSS, GitHub').first().isVisible())

    // "Apply for this role" by keyboard: the application starts with the role and the answers.
    const apply = page.getByRole('button', { name: 'Apply for this role (Web developer)', exact: true })
    await apply.focus()
    await arriveAfter(page, () => page.keyboard.press('Enter'))
    assert.equal(pathOf(page), '/apply/roles')
    assert.ok(await page.getByLabel('Web developer', { exact: true }).isChecked())
    await open(page, `${t.server.baseUrl}/apply/hours`)
    assert.ok(await page.getByLabel('Yes', { exact: true }).isChecked())
    await open(page, `${t.server.baseUrl}/apply/career-stage`)
    assert.ok(await page.getByLabel('Apprentice', { exact: true }).isChecked())
  })

  it('keeps the answers given when one is missing, and every page passes axe', async () => {
    const page = await t.newPage()
    await open(page, `${t.server.baseUrl}/match`)
    await answer(page, { check: [[HOURS, 'I am not sure yet'], [STAGE, 'Student'], [SKILLS, 'Python']] })
    await pressButton(page, SUBMIT)
    await expectErrorState(page, { field: 'nhsEmployed', message: 'Select yes if you work for the NHS or a health or care organisation', stillChecked: ['hours-2', 'careerStage-3'] })
    assert.ok(await page.getByRole('group', { name: SKILLS }).getByLabel('Python', { exact: true }).isChecked())
    // "None of these yet" clears the other skills (nhsuk-frontend's exclusive checkbox).
    await page.getByLabel('None of these yet', { exact: true }).check()
    assert.ok(!(await page.getByRole('group', { name: SKILLS }).getByLabel('Python', { exact: true }).isChecked()))
    await answer(page, { check: [[NHS, 'No']] })
    await pressButton(page, SUBMIT)
    assert.equal(pathOf(page), '/match/results')
    // No skills and no interests: nothing tells the roles apart, and the page says so rather than
    // ranking them (axe runs on it). All four are there, in their usual order.
    assert.ok(await page.getByText('Nothing in your answers points to one role more than another yet, so these roles are not ranked.').isVisible())
    const titles = await page.locator('main h2.nhsuk-card__heading').allInnerTexts()
    assert.deepEqual(titles, ['Community manager', 'Content manager', 'Events manager', 'Web developer'])

    // "Change your answers" returns to the questions with the answers kept.
    await arriveAfter(page, () => page.getByRole('link', { name: 'Change your answers' }).first().press('Enter'))
    assert.equal(pathOf(page), '/match')
    assert.ok(await page.getByRole('group', { name: NHS }).getByLabel('No', { exact: true }).isChecked())
  })

  it('the results page with no open roles passes axe', async () => {
    const page = await t.newPage()
    await answerQuestions(page, [[HOURS, 'Yes'], [NHS, 'Yes'], [STAGE, 'Experienced'], [SKILLS, 'None of these yet']])
    await t.database.dataSource.query(`UPDATE roles SET status = 'closed'`)
    t.services.roles.changed()
    await open(page, `${t.server.baseUrl}/match/results`)
    assert.ok(await page.getByText('There are no roles open right now').isVisible())
  })
})

describe('suggestions and the review breakdown', () => {
  it('"You might also like" passes axe and offers a way to add the role', async () => {
    const page = await t.newPage()
    await open(page, `${t.server.baseUrl}/apply?role=content-manager`)
    const pages: [string, PageAnswers][] = [
      ['/apply/roles', {}],
      ['/apply/name', { fill: { fullName: 'Ada Lovelace' } }],
      ['/apply/email', { fill: { email: 'ada@example.org' } }],
      ['/apply/phone', {}],
      ['/apply/nhs-employment', { check: ['Yes'], fill: { organisation: 'Barts Health NHS Trust', jobTitle: 'Apprentice data analyst' } }],
      // Verifying an NHS email address is optional: skipped here.
      ['/apply/nhs-email', {}],
      ['/apply/career-stage', { check: ['Apprentice'] }],
      ['/apply/hours', { check: ['Yes'] }],
      ['/apply/motivation', { fill: { motivation: 'I would love to help.' } }],
      ['/apply/skills', { check: ['Communication'] }],
    ]
    for (const [path, answers] of pages) {
      assert.equal(pathOf(page), path)
      await answer(page, answers)
      if (path === '/apply/nhs-email') await pressButton(page, 'Skip this step')
      else await continueOn(page)
    }
    assert.equal(pathOf(page), '/apply/suggestions')
    assert.equal(await page.locator('h1').textContent(), 'You might also like')
    assert.ok(await page.getByRole('heading', { name: 'Events manager' }).isVisible())
    await arriveAfter(page, () => page.getByRole('button', { name: 'Add a role to your application' }).press('Enter'))
    assert.equal(pathOf(page), '/apply/roles?change=1')
  })

  it('the board’s review page with the match breakdown passes axe', async () => {
    const { reference } = await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: {
      roles: ['web-developer', 'events-manager'],
      fullName: 'Grace Hopper',
      email: 'grace@example.org',
      phone: '',
      nhsEmployed: 'no',
      careerStage: 'trainee',
      hours: 'not-sure',
      motivation: 'Compilers for everyone.',
      skills: ['GitHub', 'Planning'],
      skillsOther: '',
      roleAnswers: {},
      heardAbout: '',
      consent: true,
      equality: {},
    } }, APPLICANT)
    const user = await createStaff(t, ['board-member'])
    const page = await t.newPage()
    await open(page, `${t.server.baseUrl}/sign-in`)
    await answer(page, { fill: { email: user.email, password: STAFF_PASSWORD } })
    await pressButton(page, 'Sign in')
    await open(page, `${t.server.baseUrl}/review/applications/${reference}`)
    assert.ok(await page.getByRole('heading', { name: 'How their answers match the roles' }).isVisible())
    assert.ok(await page.getByRole('heading', { name: 'Web developer (choice 1)', exact: true }).first().isVisible())
    assert.ok(await page.getByText('Has not used HTML/CSS, Python, Accessibility and Writing and editing yet: the role is a chance to learn them').isVisible())

    // An application from before the roles' skills were kept: the note that says so passes axe too.
    await t.database.dataSource.query(
      `UPDATE application_roles SET role_hours_per_week = NULL, role_nhs_employment_preferred = NULL, role_skills = NULL
       WHERE application_id = (SELECT id FROM applications WHERE reference = $1) AND preference = 2`,
      [reference],
    )
    await open(page, `${t.server.baseUrl}/review/applications/${reference}`)
    assert.equal(await page.getByText(/^Against the role as it is now/).count(), 1)
  })
})
