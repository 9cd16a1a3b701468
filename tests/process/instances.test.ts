// Several instances on one database, as behind a load balancer: two app processes and one
// `npm run worker`, all started at once on a new database. They migrate in turn, share sessions,
// send each email exactly once, and one can stop under load without the other losing a request.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, it } from 'node:test'
import pg from 'pg'
import request from 'supertest'
import { DataSource } from 'typeorm'
import 'reflect-metadata'
import { dataSourceOptions } from '../../src/db/options.ts'
import { createLogger } from '../../src/logger.ts'
import { createServices } from '../../src/services/index.ts'
import { testConfig } from '../helpers/app.ts'
import { completeApplication, validAnswers } from '../helpers/apply-journey.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { answered, freePort, keepAliveLoad } from '../helpers/load.ts'
import { startProcess, stopAllProcesses, type RunningProcess } from '../helpers/processes.ts'
import { SmtpSink } from '../helpers/smtp-sink.ts'
import { STAFF_PASSWORD } from '../helpers/staff.ts'

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters'
const sink = new SmtpSink()
const name = `test_instances_${randomBytes(4).toString('hex')}`
let url: string
let dataSource: DataSource
let instances: { process: RunningProcess; baseUrl: string }[] = []

function adminUrl(): string {
  const admin = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (!admin) throw new Error('Run the tests with npm test (it provides TEST_DATABASE_URL)')
  return admin
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

before(async () => {
  await sink.start()
  // A new, empty database: the instances migrate it themselves, at the same moment.
  await admin(`CREATE DATABASE ${name}`)
  const parsed = new URL(adminUrl())
  parsed.pathname = `/${name}`
  url = parsed.toString()

  const env = { NODE_ENV: 'production', DATABASE_URL: url, SESSION_SECRET: SECRET, SMTP_URL: sink.url }
  const ports = [await freePort(), await freePort()]
  instances = ports.map((port) => {
    const baseUrl = `http://127.0.0.1:${port}`
    return { baseUrl, process: startProcess('src/server.ts', { ...env, PORT: String(port), BASE_URL: baseUrl }) }
  })
  await Promise.all(instances.map((instance) => instance.process.waitForOutput(/Listening on/, 60_000)))
  const worker = startProcess('src/cli/worker.ts', env)
  await worker.waitForOutput(/Worker connected/, 60_000)

  dataSource = new DataSource(dataSourceOptions(url))
  await dataSource.initialize()
  // A new production service asks staff for a second factor; these tests are about instances.
  await dataSource.query(`UPDATE "settings" SET "staff_second_factor_required" = false`)
})

after(async () => {
  await stopAllProcesses()
  if (dataSource?.isInitialized) await dataSource.destroy()
  await sink.stop()
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
})

function cookieFrom(response: request.Response, name = 'session'): string {
  const cookies = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? []
  const cookie = cookies.find((line) => line.startsWith(`${name}=`))
  if (!cookie) throw new Error(`No ${name} cookie (status ${response.status})`)
  return cookie.split(';')[0]!
}

it('migrated the new database once, although both instances started together', async () => {
  const rows: { name: string }[] = await dataSource.query(`SELECT "name" FROM "typeorm_migrations"`)
  assert.equal(new Set(rows.map((row) => row.name)).size, rows.length, 'no migration recorded twice')
  assert.ok(rows.length > 0)
  for (const instance of instances) assert.doesNotMatch(instance.process.output(), /already exists|Failed to start/)
})

it('shares sessions: signed in on one instance, signed in on the other; signed out on one, out on both', async () => {
  const services = createServices(dataSource, testConfig(), createLogger('silent'))
  const staff = await services.staff.create({ email: 'board.one@example.org', name: 'Board One', roles: ['board-member'], password: STAFF_PASSWORD }, null)
  const [first, second] = instances as [(typeof instances)[0], (typeof instances)[0]]

  const page = await request(first.baseUrl).get('/sign-in').expect(200)
  const signedIn = await request(first.baseUrl)
    .post('/sign-in')
    // The sign-in form keeps its CSRF token in a cookie of its own: no session until signing in.
    .set('Cookie', cookieFrom(page, 'csrf'))
    .type('form')
    .send({ _csrf: csrfTokenFrom(page), email: staff.email, password: STAFF_PASSWORD })
    .expect(303)
  const cookie = cookieFrom(signedIn)

  const queue = await request(second.baseUrl).get('/review').set('Cookie', cookie).expect(200)
  assert.match(queue.text, /Board One/)

  const signOutPage = await request(second.baseUrl).get('/review').set('Cookie', cookie).expect(200)
  await request(second.baseUrl)
    .post('/sign-out')
    .set('Cookie', cookie)
    .type('form')
    .send({ _csrf: csrfTokenFrom(signOutPage) })
    .expect(303)
  const after = await request(first.baseUrl).get('/review').set('Cookie', cookie)
  assert.equal(after.status, 303, 'the session ended on the first instance too')
})

it('sends each email exactly once after a burst of applications through both instances', async () => {
  const applications = 6
  await Promise.all(
    Array.from({ length: applications }, async (_, index) => {
      const instance = instances[index % instances.length]!
      const agent = request.agent(instance.baseUrl)
      await completeApplication(agent, { ...validAnswers, email: { email: `applicant.${index}@example.org` } })
      const check = await agent.get('/apply/check').expect(200)
      await agent.post('/apply/check').type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303)
    }),
  )

  // Every queued email delivered by one of the three workers (two in the apps, one on its own).
  const deadline = Date.now() + 30_000
  let rows: { key: string; status: string; recipient: string }[] = []
  for (;;) {
    rows = await dataSource.query(`SELECT "key", "status", "recipient" FROM "email_messages"`)
    if (rows.length > 0 && rows.every((row) => row.status === 'sent')) break
    if (Date.now() > deadline) assert.fail(`emails not all sent: ${JSON.stringify(rows.map((row) => row.status))}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const receipts = rows.filter((row) => row.recipient.startsWith('applicant.'))
  assert.equal(receipts.length, applications, 'one receipt per application')
  assert.ok(rows.some((row) => row.recipient === 'board.one@example.org'), 'the board member was told')

  // Give a duplicate delivery a moment to show itself, then count what the SMTP server got.
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  const messageIds = sink.messages.map((message) => message.mail.messageId)
  assert.equal(sink.messages.length, rows.length, 'as many messages arrived as were queued')
  assert.equal(new Set(messageIds).size, messageIds.length, 'no message arrived twice')
})

it('stops one instance under load without the other losing a request', async () => {
  const [first, second] = instances as [(typeof instances)[0], (typeof instances)[0]]
  const onFirst = keepAliveLoad(first.baseUrl, ['/roles', '/ready'], 5)
  const onSecond = keepAliveLoad(second.baseUrl, ['/roles', '/roles/events-manager'], 5)
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  first.process.signal('SIGTERM')
  const exit = await first.process.waitForExit(15_000)
  const afterStop = answered(await onSecond.stop())
  const stopped = await onFirst.stop()
  const other = await onSecond.done

  assert.equal(exit.code, 0, first.process.output())
  assert.deepEqual(stopped.failures, [], 'the stopping instance answered what reached it')
  assert.deepEqual(other.failures, [], 'the other instance lost nothing')
  assert.ok(afterStop > 50, `the other instance kept serving (${afterStop} responses)`)
  assert.equal(Object.keys(other.statuses).join(), '200')
})
