// The service as the Compose file runs it: production mode over plain http with no proxy. In a
// real browser, reaching it by a name that is not localhost (where browsers relax the rules for
// Secure cookies), a member of staff signs in and an applicant applies, with axe on every page.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { createLogger } from '../../src/logger.ts'
import { createServices } from '../../src/services/index.ts'
import { testConfig } from '../helpers/app.ts'
import { launchBrowser, newContext } from '../helpers/browser.ts'
import { answer, arriveAfter, continueOn, open, pathOf, pressButton } from '../helpers/browser-forms.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts'
import { freePort } from '../helpers/load.ts'
import { startProcess, stopAllProcesses } from '../helpers/processes.ts'
import { STAFF_PASSWORD } from '../helpers/staff.ts'

const HOST = 'roles.test'
let database: TestDatabase
let dataDir: string
let browser: Browser
let baseUrl: string

before(async () => {
  database = await createTestDatabase()
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'production-http-'))
  const port = await freePort()
  baseUrl = `http://${HOST}:${port}`
  const server = startProcess('src/server.ts', {
    NODE_ENV: 'production',
    PORT: String(port),
    BASE_URL: baseUrl,
    DATABASE_URL: database.url,
    SESSION_SECRET: 'a-test-secret-of-at-least-thirty-two-characters',
    DATA_DIR: dataDir,
  })
  await server.waitForOutput(/Listening on/, 60_000)
  // Start-up says why cookies are not Secure.
  await server.waitForOutput(/BASE_URL is http, so cookies are not Secure/, 5_000)
  browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`])
})

after(async () => {
  await browser?.close()
  await stopAllProcesses()
  await database?.drop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function newPage(): Promise<Page> {
  return (await newContext(browser)).newPage()
}

it('a member of staff signs in over plain http', async () => {
  const services = createServices(database.dataSource, testConfig(), createLogger('silent'))
  await services.staff.create({ email: 'grace@example.org', name: 'Grace Hopper', roles: ['board-member'], password: STAFF_PASSWORD }, null)
  const page = await newPage()
  await open(page, `${baseUrl}/sign-in`)
  await answer(page, { fill: { email: 'grace@example.org', password: STAFF_PASSWORD } })
  await pressButton(page, 'Sign in')
  assert.equal(pathOf(page), '/review')
  assert.ok(await page.getByText('Grace Hopper').first().isVisible())
  const cookies = await page.context().cookies()
  assert.equal(cookies.find((cookie) => cookie.name === 'session')?.secure, false)
})

it('an applicant applies over plain http', async () => {
  const page = await newPage()
  await open(page, `${baseUrl}/roles/web-developer`)
  await arriveAfter(page, () => page.getByRole('button', { name: 'Apply for this role' }).press('Enter'))
  const pages: [string, Parameters<typeof answer>[1]][] = [
    ['/apply/roles', { check: ['Web developer'] }],
    ['/apply/name', { fill: { fullName: 'Mary Seacole' } }],
    ['/apply/email', { fill: { email: 'mary.seacole@example.org' } }],
    ['/apply/phone', {}],
    ['/apply/nhs-employment', { check: ['No'] }],
    ['/apply/career-stage', { check: ['Early in my career'] }],
    ['/apply/hours', { check: ['Yes'] }],
    ['/apply/motivation', { fill: { motivation: 'I would like to help build the community website.' } }],
    ['/apply/skills', { check: ['HTML/CSS'] }],
    ['/apply/questions/web-developer', {}],
    ['/apply/heard-about', {}],
    ['/apply/consent', { check: ['#consent'] }],
    ['/apply/equality', {}],
  ]
  for (const [expected, answers] of pages) {
    assert.equal(pathOf(page), expected)
    await answer(page, answers)
    await continueOn(page)
  }
  assert.equal(pathOf(page), '/apply/check')
  await pressButton(page, 'Submit application')
  assert.equal(pathOf(page), '/apply/confirmation')
  assert.match((await page.locator('.app-reference').textContent()) ?? '', /[A-Z]{2,6}-[2-9A-Z]{4}-[2-9A-Z]{4}/)
  const [row] = await database.dataSource.query(`SELECT count(*)::int AS count FROM "applications"`)
  assert.equal(row.count, 1)
})
