import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import request, { type Agent, type Response } from 'supertest'
import { closePastRoles } from '../../src/actions/admin/roles/close-past-roles.ts'
import { assignCriterionKeys, keyFrom } from '../../src/actions/admin/roles/role-keys.ts'
import { ApplicationRole, AuditEvent, Role, type StaffUser } from '../../src/entities/index.ts'
import { CLOSE_PAST_ROLES_TASK } from '../../src/jobs/worker.ts'
import { testConfig, useTestApp } from '../helpers/app.ts'
import { completeApplication } from '../helpers/apply-journey.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { createStaff, signIn } from '../helpers/staff.ts'
import { startTestWorker } from '../helpers/worker.ts'
import { SYSTEM } from '../../src/services/audit.ts'

const t = useTestApp({ staff: { manager: { name: 'Cara Manager', roles: ['community-manager'] } } })

async function signedIn(user: StaffUser): Promise<Agent> {
  const agent = request.agent(t.app)
  assert.equal((await signIn(agent, user)).status, 303, 'signed in')
  return agent
}

function versionOn(page: Response): string | undefined {
  return /name="version" value="(\d+)"/.exec(page.text)?.[1]
}

/** Posts a page's form as a browser would: the CSRF token and the role version from the page, then the fields. */
async function submit(agent: Agent, path: string, fields: Record<string, string | string[]> = {}) {
  const page = await agent.get(path)
  assert.equal(page.status, 200, `GET ${path}`)
  const version = versionOn(page)
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: csrfTokenFrom(page), ...(version ? { version } : {}), ...fields })
}

/** The error summary's links, as [href, text]. */
function summaryLinks(page: Response): Array<[string, string]> {
  const summary = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(page.text)?.[1] ?? ''
  return [...summary.matchAll(/<a href="([^"]+)"[^>]*>\s*([\s\S]*?)\s*<\/a>/g)].map((match) => [match[1]!, match[2]!.replace(/&#39;/g, "'").trim()])
}

/** The value in a text input, whatever the order of its attributes. */
function inputValue(page: Response, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\sid="${id}"[^>]*>`).exec(page.text)?.[0]
  return tag ? (/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '') : undefined
}

function isChecked(page: Response, id: string): boolean {
  const tag = new RegExp(`<input[^>]*\\sid="${id}"[^>]*>`).exec(page.text)?.[0] ?? ''
  return /\schecked\b/.test(tag)
}

function assertError(page: Response, field: string, message: string | RegExp) {
  assert.equal(page.status, 400, `status for ${field}`)
  assert.match(page.text, /<title>Error: /)
  const link = summaryLinks(page).find(([href]) => href === `#${field}`)
  assert.ok(link, `the error summary links to #${field}: ${JSON.stringify(summaryLinks(page))}`)
  if (typeof message === 'string') assert.equal(link[1], message)
  else assert.match(link[1], message)
  assert.match(page.text, new RegExp(`id="${field}"`), `a field with the id ${field}`)
}

const details = {
  title: 'Data wrangler',
  slug: 'data-wrangler',
  summary: 'Look after the datasets the community shares, and help members tidy and publish theirs.',
  hoursPerWeek: '2',
  nhsEmploymentPreferred: 'no',
  places: '1',
}

async function createRole(agent: Agent, fields: Record<string, string> = details): Promise<string> {
  const created = await submit(agent, '/admin/roles/new', fields)
  assert.equal(created.status, 303, created.text.slice(0, 300))
  const id = /^\/admin\/roles\/([0-9a-f-]{36})$/.exec(created.headers.location ?? '')?.[1]
  assert.ok(id, `redirected to the new role: ${created.headers.location}`)
  return id
}

async function roleRow(id: string): Promise<Role> {
  return t.database.dataSource.getRepository(Role).findOneByOrFail({ id })
}

async function expectRedirect(response: Response, to: string) {
  assert.equal(response.status, 303, response.text.slice(0, 500))
  assert.equal(response.headers.location, to)
}

describe('a community manager adds a fifth role; applications keep what they were made against', () => {
  it('creates, fills in and opens a role; an applicant applies; editing the role changes nothing for that application', async () => {
    const agent = await signedIn(t.staff.manager)
    await agent.get('/admin/roles').expect(200)
    const id = await createRole(agent)
    const base = `/admin/roles/${id}`
    assert.equal((await roleRow(id)).status, 'draft')
    // A draft is not public.
    await request(t.app).get('/roles/data-wrangler').expect(404)

    await expectRedirect(await submit(agent, `${base}/responsibilities`, { responsibilities: 'Look after the community’s shared datasets\n\nHelp members tidy and publish their data' }), base)
    await expectRedirect(await submit(agent, `${base}/skills`, { skills: 'Python\nSQL' }), base)
    await expectRedirect(
      await submit(agent, `${base}/criteria`, {
        essential: 'Can give about 2 hours a week\nEnthusiasm for tidy, well-documented data',
        desirable: 'Some experience of pandas',
      }),
      base,
    )
    await expectRedirect(
      await submit(agent, `${base}/questions/new`, { label: 'Have you used pandas before?', hint: '', type: 'yes-no', required: 'yes', options: '' }),
      `${base}/questions`,
    )
    await expectRedirect(
      await submit(agent, `${base}/questions/new`, {
        label: 'Which tools would you like to learn?',
        hint: 'Choose as many as you like.',
        type: 'choose-many',
        required: 'no',
        options: 'pandas\nPolars\nDuckDB',
      }),
      `${base}/questions`,
    )
    await expectRedirect(
      await submit(agent, `${base}/checklist/new`, { title: 'Get access to the shared data drive', owner: 'executive', dueInDays: '7' }),
      `${base}/checklist`,
    )
    await expectRedirect(await submit(agent, `${base}/open`), base)

    const role = await roleRow(id)
    assert.equal(role.status, 'open')
    assert.deepEqual(
      role.questions.map((q) => [q.key, q.type, q.required, q.options]),
      [
        ['have-you-used-pandas-before', 'yes-no', true, []],
        ['which-tools-would-you-like-to-learn', 'choose-many', false, ['pandas', 'Polars', 'DuckDB']],
      ],
    )
    assert.deepEqual(role.criteria.map((c) => [c.key, c.kind]), [
      ['can-give-about-2-hours-a-week', 'essential'],
      ['enthusiasm-for-tidy-well-documented-data', 'essential'],
      ['some-experience-of-pandas', 'desirable'],
    ])
    assert.deepEqual(role.checklistTemplate, [{ key: 'get-access-to-the-shared-data-drive', title: 'Get access to the shared data drive', owner: 'executive', dueInDays: 7 }])
    // Created, then six changes, then opened: every change bumped the version and was audited.
    assert.equal(role.version, 8)
    const audit = await t.database.dataSource.getRepository(AuditEvent).find({ where: { subjectId: id }, order: { id: 'ASC' } })
    assert.deepEqual(audit.map((row) => row.action), ['role.created', ...Array(6).fill('role.updated'), 'role.opened'])
    assert.ok(audit.every((row) => row.actorType === 'staff' && row.actorId === t.staff.manager.id))
    assert.deepEqual([audit.at(-1)!.fromStatus, audit.at(-1)!.toStatus], ['draft', 'open'])

    // The public sees the fifth role.
    const list = await request(t.app).get('/roles').expect(200)
    assert.match(list.text, /Data wrangler/)
    const page = await request(t.app).get('/roles/data-wrangler').expect(200)
    assert.match(page.text, /Enthusiasm for tidy, well-documented data/)
    assert.match(page.text, /Apply for this role/)

    // An applicant applies through the real form, answering the role's own questions.
    const applicant = request.agent(t.app)
    await completeApplication(applicant, {
      roles: { roles: ['data-wrangler'] },
      name: { fullName: 'Grace Hopper' },
      email: { email: 'grace@example.org' },
      phone: { phone: '' },
      'nhs-employment': { nhsEmployed: 'no' },
      'career-stage': { careerStage: 'trainee' },
      hours: { hours: 'yes' },
      motivation: { motivation: 'I like tidy data and want to help others publish theirs.' },
      skills: { skills: ['Python'], skillsOther: '' },
      'questions/data-wrangler': {
        'question-have-you-used-pandas-before': 'yes',
        'question-which-tools-would-you-like-to-learn': ['pandas', 'DuckDB'],
      },
      'heard-about': { heardAbout: '' },
      consent: { consent: 'yes' },
      equality: {},
    })
    const check = await applicant.get('/apply/check').expect(200)
    await applicant.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303)
    const confirmation = await applicant.get('/apply/confirmation').expect(200)
    const reference = /[A-Z]{3}-[2-9A-Z]{4}-[2-9A-Z]{4}/.exec(confirmation.text)?.[0]
    assert.ok(reference)

    const snapshotBefore = await t.database.dataSource.getRepository(ApplicationRole).findOneByOrFail({ roleId: id })
    assert.equal(snapshotBefore.roleVersion, 8)
    assert.deepEqual(snapshotBefore.answers, { 'have-you-used-pandas-before': 'yes', 'which-tools-would-you-like-to-learn': ['pandas', 'DuckDB'] })

    // A board member sees the answers and a score sheet built from the new role's criteria.
    const member = await createStaff(t, ['board-member'], 'Bea Board')
    const board = await signedIn(member)
    const reviewUrl = `/review/applications/${reference}`
    const before = await board.get(reviewUrl).expect(200)
    const scoreNames = (response: Response) => [...new Set([...response.text.matchAll(/name="(score-[^"]+)"/g)].map((match) => match[1]!))]
    assert.deepEqual(scoreNames(before), [
      'score-1-can-give-about-2-hours-a-week',
      'score-1-enthusiasm-for-tidy-well-documented-data',
      'score-1-some-experience-of-pandas',
    ])
    for (const text of ['Have you used pandas before?', 'Which tools would you like to learn?', 'pandas, DuckDB', 'Some experience of pandas', 'Enthusiasm for tidy, well-documented data']) {
      assert.ok(before.text.includes(text), `the reviewer sees ${text}`)
    }
    // The board member scores it before the role changes.
    const scored = await board
      .post(`${reviewUrl}/review`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(before), ...Object.fromEntries(scoreNames(before).map((name) => [name, '4'])), recommendation: 'appoint', comment: '' })
    assert.equal(scored.status, 303)
    const [reviewBefore] = await t.database.dataSource.query(`SELECT scores, recommendation FROM reviews`)

    // The manager renames a question, rewords a criterion and removes a question.
    await expectRedirect(
      await submit(agent, `${base}/questions/have-you-used-pandas-before`, { label: 'Have you used pandas or Polars before?', hint: '', type: 'yes-no', required: 'yes', options: '' }),
      `${base}/questions`,
    )
    await expectRedirect(
      await submit(agent, `${base}/criteria`, {
        essential: 'Can give about 2 hours a week\nEnthusiasm for tidy, well-documented data',
        desirable: 'Some experience of pandas or SQL',
      }),
      base,
    )
    await expectRedirect(await submit(agent, `${base}/questions/which-tools-would-you-like-to-learn/remove`), `${base}/questions`)

    const edited = await roleRow(id)
    assert.equal(edited.version, 11)
    assert.deepEqual(edited.questions.map((q) => [q.key, q.label]), [['have-you-used-pandas-before', 'Have you used pandas or Polars before?']])
    // The reworded criterion kept its key.
    assert.deepEqual(edited.criteria.find((c) => c.kind === 'desirable'), { key: 'some-experience-of-pandas', text: 'Some experience of pandas or SQL', kind: 'desirable' })
    // The public page shows the new wording at once.
    assert.match((await request(t.app).get('/roles/data-wrangler').expect(200)).text, /Some experience of pandas or SQL/)

    // The application is exactly as it was: questions, answers, criteria, version, and its review.
    const snapshotAfter = await t.database.dataSource.getRepository(ApplicationRole).findOneByOrFail({ roleId: id })
    assert.deepEqual(snapshotAfter, snapshotBefore)
    const [reviewAfter] = await t.database.dataSource.query(`SELECT scores, recommendation FROM reviews`)
    assert.deepEqual(reviewAfter, reviewBefore)
    const after = await board.get(reviewUrl).expect(200)
    assert.deepEqual(scoreNames(after), scoreNames(before))
    for (const text of ['Have you used pandas before?', 'Which tools would you like to learn?', 'pandas, DuckDB', 'Some experience of pandas']) {
      assert.ok(after.text.includes(text), `the reviewer still sees ${text}`)
    }
    for (const text of ['Have you used pandas or Polars before?', 'Some experience of pandas or SQL']) {
      assert.ok(!after.text.includes(text), `the reviewer does not see the new wording ${text}`)
    }
    // The manager's list counts the application.
    const roles = await agent.get('/admin/roles').expect(200)
    const row = /Data wrangler<\/a>[\s\S]*?<\/tr>/.exec(roles.text)?.[0] ?? ''
    assert.match(row, /nhsuk-tag--green">\s*Open\s*</)
    assert.match(row, /Applications <\/span>1\s*</)
  })
})

describe('validation: the NHS error pattern on every form', () => {
  let agent: Agent
  let base: string
  before(async () => {
    agent = await signedIn(t.staff.manager)
    base = `/admin/roles/${await createRole(agent, { ...details, title: 'Validation role', slug: 'validation-role' })}`
  })

  it('details: every field, typed values kept', async () => {
    const response = await submit(agent, '/admin/roles/new', {
      title: '',
      slug: 'Not A Slug',
      summary: '',
      hoursPerWeek: '41',
      places: 'two',
      'closesOn-day': '31',
      'closesOn-month': '2',
      'closesOn-year': '2030',
    })
    assertError(response, 'title', 'Enter the role’s title')
    assertError(response, 'slug', 'Web address must only include lowercase letters, numbers and hyphens, like events-manager')
    assertError(response, 'summary', 'Enter a summary of the role')
    assertError(response, 'hoursPerWeek', 'Hours a week must be a whole number between 1 and 40')
    assertError(response, 'nhsEmploymentPreferred', 'Select yes if the role would ideally suit someone employed by the NHS')
    assertError(response, 'places', 'Places must be a whole number between 1 and 20')
    assertError(response, 'closesOn-day', 'Closing date must be a real date')
    // In the order of the fields.
    assert.deepEqual(summaryLinks(response).map(([href]) => href), ['#title', '#slug', '#summary', '#hoursPerWeek', '#nhsEmploymentPreferred', '#places', '#closesOn-day'])
    assert.equal(inputValue(response, 'slug'), 'Not A Slug')
    assert.equal(inputValue(response, 'places'), 'two')
    assert.equal(inputValue(response, 'closesOn-day'), '31')
    assert.equal(inputValue(response, 'closesOn-month'), '2')
    assert.match(response.text, /class="nhsuk-error-message" id="closesOn-error"/)
    assert.match(response.text, /aria-describedby="closesOn-hint closesOn-error"/)
  })

  it('details: the standard date messages', async () => {
    const date = (day: string, month: string, year: string) =>
      submit(agent, '/admin/roles/new', { ...details, slug: 'dated-role', 'closesOn-day': day, 'closesOn-month': month, 'closesOn-year': year })
    assertError(await date('', '3', '2030'), 'closesOn-day', 'Closing date must include a day')
    assertError(await date('1', '', ''), 'closesOn-month', 'Closing date must include a month and year')
    assertError(await date('1', '13', '2030'), 'closesOn-month', 'Closing date must be a real date')
    assertError(await date('1', '3', '30'), 'closesOn-year', 'Year must include 4 numbers')
    assertError(await date('1', '1', '2020'), 'closesOn-day', 'Closing date must be today or in the future')
    const ok = await date('31', '3', '2099')
    assert.equal(ok.status, 303)
    const role = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'dated-role' })
    assert.equal(role.closesOn, '2099-03-31')
  })

  it('the web address is unique, and fixed once the role has been opened', async () => {
    const taken = await submit(agent, '/admin/roles/new', { ...details, slug: 'web-developer' })
    assertError(taken, 'slug', 'Another role already uses this web address')
    const changeToTaken = await submit(agent, `${base}/details`, { ...details, title: 'Validation role', slug: 'events-manager' })
    assertError(changeToTaken, 'slug', 'Another role already uses this web address')
    await expectRedirect(await submit(agent, `${base}/details`, { ...details, title: 'Validation role', slug: 'validation-role-2' }), base)
    const seeded = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'web-developer' })
    const page = await agent.get(`/admin/roles/${seeded.id}/details`).expect(200)
    assert.doesNotMatch(page.text, /name="slug"/)
    await expectRedirect(
      await submit(agent, `/admin/roles/${seeded.id}/details`, { ...details, title: 'Web developer', slug: 'hijacked', summary: seeded.summary }),
      `/admin/roles/${seeded.id}`,
    )
    assert.equal((await roleRow(seeded.id)).slug, 'web-developer')
  })

  it('responsibilities, skills and criteria', async () => {
    assertError(await submit(agent, `${base}/responsibilities`, { responsibilities: '  \n ' }), 'responsibilities', 'Enter at least one responsibility')
    const long = await submit(agent, `${base}/responsibilities`, { responsibilities: `Fine\n${'x'.repeat(301)}` })
    assertError(long, 'responsibilities', 'Each responsibility must be 300 characters or fewer')
    assert.ok(long.text.includes(`Fine\n${'x'.repeat(301)}`), 'what was typed is kept')
    assertError(await submit(agent, `${base}/skills`, { skills: 'Python\npython' }), 'skills', 'Each skill must be different')
    const criteria = await submit(agent, `${base}/criteria`, { essential: '', desirable: 'Kept desirable' })
    assertError(criteria, 'essential', 'Enter at least one essential criterion')
    assert.match(criteria.text, /Kept desirable/)
    assertError(await submit(agent, `${base}/criteria`, { essential: 'Same', desirable: 'same' }), 'desirable', 'A criterion cannot be both essential and desirable')
  })

  it('questions: label, type, required, options', async () => {
    const empty = await submit(agent, `${base}/questions/new`, { label: '', hint: 'Kept hint', options: '' })
    assertError(empty, 'label', 'Enter the question')
    assertError(empty, 'type', 'Select the type of answer')
    assertError(empty, 'required', 'Select yes if applicants must answer this question')
    assert.equal(inputValue(empty, 'hint'), 'Kept hint')
    const choice = await submit(agent, `${base}/questions/new`, { label: 'Pick one', type: 'choose-one', required: 'yes', options: 'Only one' })
    assertError(choice, 'options', 'Enter at least 2 options, one on each line')
    assert.ok(isChecked(choice, 'type-4'), 'choose one is still selected')
    assertError(await submit(agent, `${base}/questions/new`, { label: 'Pick', type: 'choose-many', required: 'no', options: 'A\na' }), 'options', 'Each option must be different')
    assertError(await submit(agent, `${base}/questions/new`, { label: 'Odd', type: 'essay', required: 'no' }), 'type', 'Select the type of answer')
    // Options typed for a text question are not kept on it.
    await expectRedirect(await submit(agent, `${base}/questions/new`, { label: 'Tell us more', type: 'textarea', required: 'no', options: 'stray' }), `${base}/questions`)
    const question = (await roleRow(base.split('/').at(-1)!)).questions.at(-1)!
    assert.deepEqual(question, { key: 'tell-us-more', label: 'Tell us more', hint: null, type: 'textarea', required: false, options: [], maxLength: 1500 })
  })

  it('links: https only', async () => {
    const empty = await submit(agent, `${base}/links/new`, { title: '', url: '' })
    assertError(empty, 'title', 'Enter the link’s title')
    assertError(empty, 'url', 'Enter the web address')
    for (const url of ['http://example.org/page', 'javascript:alert(1)', 'ftp://example.org', 'www.england.nhs.uk']) {
      const refused = await submit(agent, `${base}/links/new`, { title: 'A link', url })
      assertError(refused, 'url', 'Enter a web address that starts with https://')
    }
    assertError(await submit(agent, `${base}/links/new`, { title: 'A link', url: 'https://' }), 'url', 'Enter a web address in the correct format, like https://www.england.nhs.uk')
    assertError(await submit(agent, `${base}/links/new`, { title: 'A link', url: 'https://user:secret@example.org' }), 'url', /correct format/)
    await expectRedirect(await submit(agent, `${base}/links/new`, { title: 'NHS England', url: 'https://www.england.nhs.uk', description: '' }), `${base}/links`)
    await expectRedirect(await submit(agent, `${base}/links/1`, { title: 'NHS England', url: 'https://www.england.nhs.uk/digital', description: 'Digital' }), `${base}/links`)
    const role = await roleRow(base.split('/').at(-1)!)
    assert.deepEqual(role.readingLinks, [{ title: 'NHS England', url: 'https://www.england.nhs.uk/digital', description: 'Digital' }])
    await expectRedirect(await submit(agent, `${base}/links/1/remove`), `${base}/links`)
    assert.deepEqual((await roleRow(role.id)).readingLinks, [])
  })

  it('checklist items', async () => {
    const empty = await submit(agent, `${base}/checklist/new`, { title: '', dueInDays: '' })
    assertError(empty, 'title', 'Enter what needs to be done')
    assertError(empty, 'owner', 'Select who does this')
    assertError(empty, 'dueInDays', 'Enter how many days after they start this is due')
    const wrong = await submit(agent, `${base}/checklist/new`, { title: 'Kept title', owner: 'community-manager', dueInDays: '-3' })
    assertError(wrong, 'dueInDays', 'Days must be a whole number between 0 and 365')
    assert.equal(inputValue(wrong, 'title'), 'Kept title')
    assert.ok(isChecked(wrong, 'owner'), 'the owner is still selected')
    await expectRedirect(await submit(agent, `${base}/checklist/new`, { title: 'New', owner: 'community-manager', dueInDays: '0' }), `${base}/checklist`)
    // "new" is the add page's address, so an item called New gets another key.
    const item = (await roleRow(base.split('/').at(-1)!)).checklistTemplate[0]!
    assert.equal(item.key, 'new-2')
    await agent.get(`${base}/checklist/new-2`).expect(200)
    await expectRedirect(await submit(agent, `${base}/checklist/new-2`, { title: 'Renamed', owner: 'executive', dueInDays: '3' }), `${base}/checklist`)
    assert.deepEqual((await roleRow(base.split('/').at(-1)!)).checklistTemplate, [{ key: 'new-2', title: 'Renamed', owner: 'executive', dueInDays: 3 }])
  })
})

describe('questions: order and removal', () => {
  it('moves questions up and down and removes one, each a new version', async () => {
    const agent = await signedIn(t.staff.manager)
    const id = await createRole(agent, { ...details, title: 'Ordering role', slug: 'ordering-role' })
    const base = `/admin/roles/${id}`
    for (const label of ['First?', 'Second?', 'Third?']) {
      await expectRedirect(await submit(agent, `${base}/questions/new`, { label, type: 'text', required: 'no' }), `${base}/questions`)
    }
    const keys = async () => (await roleRow(id)).questions.map((q) => q.key)
    assert.deepEqual(await keys(), ['first', 'second', 'third'])
    await expectRedirect(await submit(agent, `${base}/questions`, { move: 'up:third' }), `${base}/questions`)
    assert.deepEqual(await keys(), ['first', 'third', 'second'])
    await expectRedirect(await submit(agent, `${base}/questions`, { move: 'down:first' }), `${base}/questions`)
    assert.deepEqual(await keys(), ['third', 'first', 'second'])
    const page = await agent.get(`${base}/questions`).expect(200)
    assert.doesNotMatch(page.text, /value="up:third"/, 'the first question cannot move up')
    assert.doesNotMatch(page.text, /value="down:second"/, 'the last question cannot move down')
    const confirm = await agent.get(`${base}/questions/first/remove`).expect(200)
    assert.match(confirm.text, /Are you sure you want to remove this question\?/)
    await expectRedirect(await submit(agent, `${base}/questions/first/remove`), `${base}/questions`)
    assert.deepEqual(await keys(), ['third', 'second'])
    await agent.get(`${base}/questions/first`).expect(404)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ subjectId: id, action: 'role.updated' }), 6)
  })
})

describe('concurrent edits', () => {
  it('a stale version is refused with a message, what was typed is kept, and nothing is written', async () => {
    const first = await signedIn(t.staff.manager)
    const other = await createStaff(t, ['community-manager'], 'Dan Manager')
    const second = await signedIn(other)
    const id = await createRole(first, { ...details, title: 'Contested role', slug: 'contested-role' })
    const base = `/admin/roles/${id}`

    // Both open the responsibilities page.
    const pageA = await first.get(`${base}/responsibilities`).expect(200)
    const pageB = await second.get(`${base}/responsibilities`).expect(200)
    assert.equal(versionOn(pageA), '1')
    await expectRedirect(
      await second.post(`${base}/responsibilities`).type('form').send({ _csrf: csrfTokenFrom(pageB), version: versionOn(pageB), responsibilities: 'Dan’s list' }),
      base,
    )
    const stale = await first.post(`${base}/responsibilities`).type('form').send({ _csrf: csrfTokenFrom(pageA), version: versionOn(pageA), responsibilities: 'Cara’s list\nwith two lines' })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /<title>Error: /)
    assert.match(stale.text, /Someone else changed this role while you had this page open/)
    assert.ok(stale.text.includes('Cara’s list\nwith two lines'), 'what was typed is kept')
    assert.equal(versionOn(stale), '2', 'saving again is against the version now saved')
    assert.deepEqual((await roleRow(id)).responsibilities, ['Dan’s list'])

    // A missing version is refused the same way.
    const noVersion = await first.post(`${base}/skills`).type('form').send({ _csrf: csrfTokenFrom(pageA), skills: 'Python' })
    assert.equal(noVersion.status, 409)
    assert.deepEqual((await roleRow(id)).skills, [])

    // Stale status changes and removals are refused too.
    const openPage = await first.get(`${base}/archive`).expect(200)
    await expectRedirect(await submit(second, `${base}/skills`, { skills: 'Python' }), base)
    const staleArchive = await first.post(`${base}/archive`).type('form').send({ _csrf: csrfTokenFrom(openPage), version: versionOn(openPage) })
    assert.equal(staleArchive.status, 409)
    assert.equal((await roleRow(id)).status, 'draft')
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ subjectId: id, action: 'role.updated' }), 2)
  })
})

describe('access', () => {
  it('is for community managers only; others get 403, visitors are sent to sign in', async () => {
    const seeded = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'web-developer' })
    const paths = ['/admin/roles', '/admin/roles/new', `/admin/roles/${seeded.id}`, `/admin/roles/${seeded.id}/details`, `/admin/roles/${seeded.id}/close`]
    for (const path of paths) await request(t.app).get(path).expect(303).expect('location', '/sign-in')
    for (const roles of [['board-member'], ['admin'], ['board-member', 'admin']] as const) {
      const agent = await signedIn(await createStaff(t, [...roles]))
      for (const path of paths) await agent.get(path).expect(403)
      const home = await agent.get('/staff').expect(200)
      const token = csrfTokenFrom(home)
      await agent.post(`/admin/roles/${seeded.id}/close`).type('form').send({ _csrf: token, version: String(seeded.version) }).expect(403)
      await agent.post('/admin/roles/new').type('form').send({ _csrf: token, ...details, slug: 'sneaky' }).expect(403)
    }
    assert.equal((await roleRow(seeded.id)).status, 'open')
    assert.equal(await t.database.dataSource.getRepository(Role).countBy({ slug: 'sneaky' }), 0)
  })

  it('refuses a form without a valid CSRF token', async () => {
    const agent = await signedIn(t.staff.manager)
    const seeded = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'content-manager' })
    const before = await roleRow(seeded.id)
    await agent.post(`/admin/roles/${seeded.id}/close`).type('form').send({ version: String(before.version) }).expect(403)
    await agent.post(`/admin/roles/${seeded.id}/close`).type('form').send({ _csrf: 'forged', version: String(before.version) }).expect(403)
    await agent.post('/admin/roles/new').type('form').send({ ...details, slug: 'no-token' }).expect(403)
    assert.deepEqual(await roleRow(seeded.id), before)
  })

  it('unknown roles, questions and items are 404', async () => {
    const agent = await signedIn(t.staff.manager)
    await agent.get('/admin/roles/not-a-uuid').expect(404)
    await agent.get('/admin/roles/00000000-0000-4000-8000-000000000000').expect(404)
    const seeded = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'web-developer' })
    await agent.get(`/admin/roles/${seeded.id}/questions/no-such-question`).expect(404)
    await agent.get(`/admin/roles/${seeded.id}/questions/BAD%20KEY`).expect(404)
    await agent.get(`/admin/roles/${seeded.id}/links/99`).expect(404)
    await agent.get(`/admin/roles/${seeded.id}/links/0`).expect(404)
    await agent.get(`/admin/roles/${seeded.id}/checklist/nope/remove`).expect(404)
  })
})

describe('status', () => {
  it('draft -> open -> closed -> archived; each is confirmed and audited; an archived role is gone from the public and read-only', async () => {
    const agent = await signedIn(t.staff.manager)
    const id = await createRole(agent, { ...details, title: 'Lifecycle role', slug: 'lifecycle-role' })
    const base = `/admin/roles/${id}`

    // Not ready to open: the page says what is missing and has no Open button.
    const notReady = await agent.get(`${base}/open`).expect(200)
    assert.match(notReady.text, /This role cannot open yet/)
    assert.match(notReady.text, new RegExp(`href="${base}/responsibilities"`))
    assert.doesNotMatch(notReady.text, />\s*Open role\s*</)
    const refused = await agent.post(`${base}/open`).type('form').send({ _csrf: csrfTokenFrom(notReady), version: '1' })
    assert.equal(refused.status, 400)
    assert.match(refused.text, /<title>Error: /)
    assert.match(refused.text, /Add at least one responsibility/)
    assert.equal((await roleRow(id)).status, 'draft')

    // The preview works for a draft, with the public page's content and a banner.
    const preview = await agent.get(`${base}/preview`).expect(200)
    assert.match(preview.text, /This is a preview of the role page/)
    assert.match(preview.text, /<h1>Lifecycle role<\/h1>/)

    await submit(agent, `${base}/responsibilities`, { responsibilities: 'Do the thing' })
    await submit(agent, `${base}/criteria`, { essential: 'Can do the thing' })
    // Closing and archiving a draft's neighbours: a draft cannot be closed.
    await agent.get(`${base}/close`).expect(404)
    await expectRedirect(await submit(agent, `${base}/open`), base)
    await request(t.app).get('/roles/lifecycle-role').expect(200)
    // An open role cannot be archived without closing it first.
    await agent.get(`${base}/archive`).expect(404)
    const wrongMove = await agent.post(`${base}/archive`).type('form').send({ _csrf: csrfTokenFrom(await agent.get(base)), version: String((await roleRow(id)).version) })
    assert.equal(wrongMove.status, 409)
    assert.equal((await roleRow(id)).status, 'open')

    await expectRedirect(await submit(agent, `${base}/close`), base)
    const closedPage = await request(t.app).get('/roles/lifecycle-role').expect(200)
    assert.match(closedPage.text, /Applications are closed/)
    assert.doesNotMatch((await request(t.app).get('/roles').expect(200)).text, /Lifecycle role/)

    await expectRedirect(await submit(agent, `${base}/archive`), base)
    await request(t.app).get('/roles/lifecycle-role').expect(404)
    await agent.get(`${base}/details`).expect(404)
    const overview = await agent.get(base).expect(200)
    assert.match(overview.text, /has been archived/)
    assert.doesNotMatch(overview.text, new RegExp(`href="${base}/details"`))

    const audit = await t.database.dataSource.getRepository(AuditEvent).find({ where: { subjectId: id }, order: { id: 'ASC' } })
    assert.deepEqual(
      audit.filter((row) => row.fromStatus).map((row) => [row.action, row.fromStatus, row.toStatus]),
      [
        ['role.opened', 'draft', 'open'],
        ['role.closed', 'open', 'closed'],
        ['role.archived', 'closed', 'archived'],
      ],
    )
  })
})

describe('the daily closing task', () => {
  it('closes open roles past their closing date, once, audited as the system', async () => {
    const agent = await signedIn(t.staff.manager)
    const id = await createRole(agent, { ...details, title: 'Closing role', slug: 'closing-role', 'closesOn-day': '1', 'closesOn-month': '1', 'closesOn-year': '2099' } as Record<string, string>)
    const base = `/admin/roles/${id}`
    await submit(agent, `${base}/responsibilities`, { responsibilities: 'Do the thing' })
    await submit(agent, `${base}/criteria`, { essential: 'Can do the thing' })
    await expectRedirect(await submit(agent, `${base}/open`), base)
    // The closing date passes (set directly: the form refuses a date in the past).
    await t.database.dataSource.query(`UPDATE roles SET closes_on = '2026-01-10' WHERE id = $1`, [id])
    const version = (await roleRow(id)).version

    // In between, isRoleOpen already hides it from the public.
    assert.doesNotMatch((await request(t.app).get('/roles').expect(200)).text, /Closing role/)

    // On the closing day itself the role is still open (it closes at the end of the day, UK time).
    assert.deepEqual(await t.services.act(closePastRoles, { now: new Date('2026-01-10T23:30:00Z') }, SYSTEM), [])
    const closed = await t.services.act(closePastRoles, { now: new Date('2026-01-11T00:05:00Z') }, SYSTEM)
    assert.deepEqual(closed, [id])
    assert.deepEqual(await t.services.act(closePastRoles, { now: new Date('2026-01-12T00:05:00Z') }, SYSTEM), [], 'a second run closes nothing')

    const role = await roleRow(id)
    assert.equal(role.status, 'closed')
    assert.equal(role.version, version + 1)
    const audit = await t.database.dataSource.getRepository(AuditEvent).findBy({ subjectId: id, action: 'role.closed' })
    assert.equal(audit.length, 1)
    assert.deepEqual([audit[0]!.actorType, audit[0]!.actorId, audit[0]!.fromStatus, audit[0]!.toStatus], ['system', null, 'open', 'closed'])
    // The seeded roles have no closing date and stay open.
    assert.equal(await t.database.dataSource.getRepository(Role).countBy({ slug: 'web-developer', status: 'open' }), 1)
  })

  it('is a task the worker runs', async () => {
    const seeded = await t.database.dataSource.getRepository(Role).findOneByOrFail({ slug: 'events-manager' })
    await t.database.dataSource.query(`UPDATE roles SET closes_on = current_date - 2 WHERE id = $1`, [seeded.id])
    const worker = await startTestWorker(t.database, testConfig())
    try {
      await t.database.dataSource.query(`SELECT graphile_worker.add_job($1)`, [CLOSE_PAST_ROLES_TASK])
      const deadline = Date.now() + 15_000
      while ((await roleRow(seeded.id)).status !== 'closed' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    } finally {
      await worker.stop()
    }
    assert.equal((await roleRow(seeded.id)).status, 'closed')
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ subjectId: seeded.id, action: 'role.closed', actorType: 'system' }), 1)
  })
})

describe('keys', () => {
  it('are made from the text, short, unique and id-safe', () => {
    assert.equal(keyFrom('Have you used pandas before?', [], 'question'), 'have-you-used-pandas-before')
    assert.equal(keyFrom('Café & “Résumé”', [], 'question'), 'cafe-resume')
    assert.equal(keyFrom('???', [], 'question'), 'question')
    assert.equal(keyFrom('Same', ['same', 'same-2'], 'question'), 'same-3')
    assert.ok(keyFrom('A very long question that goes on and on about many different things', [], 'q').length <= 40)
  })

  it('criteria keep their keys when reworded, moved or reordered; new ones get new keys', () => {
    const previous = [
      { key: 'commitment', text: 'Can give about 2 hours a week', kind: 'essential' as const },
      { key: 'enthusiasm', text: 'Enthusiasm for helping others learn Python', kind: 'essential' as const },
      { key: 'writing', text: 'Clear writing', kind: 'desirable' as const },
    ]
    const next = assignCriterionKeys(previous, {
      essential: ['Enthusiasm for helping others learn Python and R', 'Can give about 2 hours a week', 'Clear writing'],
      desirable: ['Experience of running events'],
    })
    assert.deepEqual(next, [
      { key: 'enthusiasm', text: 'Enthusiasm for helping others learn Python and R', kind: 'essential' },
      { key: 'commitment', text: 'Can give about 2 hours a week', kind: 'essential' },
      { key: 'writing', text: 'Clear writing', kind: 'essential' },
      { key: 'experience-of-running-events', text: 'Experience of running events', kind: 'desirable' },
    ])
    // A different criterion in a removed one's place is new, and never reuses a removed key.
    const replaced = assignCriterionKeys(previous, { essential: ['Can give about 2 hours a week', 'Knows SQL'], desirable: [] })
    assert.deepEqual(replaced.map((c) => c.key), ['commitment', 'knows-sql'])
    const reusing = assignCriterionKeys([{ key: 'clear-writing', text: 'Old', kind: 'essential' }], { essential: ['Something else entirely'], desirable: ['Clear writing'] })
    assert.deepEqual(reusing.map((c) => c.key), ['something-else-entirely', 'clear-writing-2'])
  })
})
