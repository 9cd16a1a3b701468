// How many statements one application's submit sends (`POST /apply/check`), counted on every pg
// client: the submits bench target (bench/targets/submits.ts) is bound by round trips to
// PostgreSQL, so a change that adds one shows here.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { submitApplication } from '../../src/actions/apply/submit-application.ts'
import { createActionRunner } from '../../src/actions/tx.ts'
import { APPLICANT } from '../../src/services/audit.ts'
import request from 'supertest'
import { Application, ApplicationDraft, ApplicationRole, AuditEvent, EqualityResponse } from '../../src/entities/index.ts'
import { EmailMessage } from '../../src/entities/email-message.entity.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData, withOneConnection } from '../helpers/database.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { completeApplication } from '../helpers/apply-journey.ts'
import { applicationAnswers } from '../helpers/review.ts'
import { createStaff } from '../helpers/staff.ts'

const t = useTestApp()
beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['one_time_tokens', 'sessions', 'staff_tokens', 'staff_users'] })
  await t.database.dataSource.query(`DELETE FROM "staff_users"`)
  await t.database.dataSource.query(`UPDATE roles SET status = 'open', closes_on = NULL`)
})

/** The statements (and their text) sent on every pg client while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = []
  const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const originalQuery = clientPrototype.query
  clientPrototype.query = function (this: unknown, ...args: unknown[]) {
    const [first] = args
    sent.push(typeof first === 'string' ? first : String((first as { text?: string } | undefined)?.text ?? first))
    return originalQuery.apply(this, args)
  }
  try {
    await work()
  } finally {
    clientPrototype.query = originalQuery
  }
  return sent
}

async function readyToSubmit() {
  const agent = request.agent(t.app)
  await completeApplication(agent)
  const check = await agent.get('/apply/check').expect(200)
  return { agent, token: csrfTokenFrom(check) }
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').slice(0, 120)

describe('the statements of a submit', () => {
  it('sends a handful of statements, and one transaction, for an application with two roles and equality answers', async () => {
    const { agent, token } = await readyToSubmit()
    const sent = await statementsDuring(() => agent.post('/apply/check').type('form').send({ _csrf: token }).expect(303))
    context('no board member to tell', sent)
    assert.equal(sent.filter((sql) => /^\s*(START TRANSACTION|BEGIN)/i.test(sql)).length, 1, 'one transaction')
    // Before the transaction: the draft, the two rate limits (and, with the test app's caches off,
    // the settings and the open roles); after it, the session that remembers the application went.
    assert.ok(sent.length <= 14, `a submit is a handful of statements, not ${sent.length}:\n${sent.map(oneLine).join('\n')}`)
    const transaction = sent.slice(sent.findIndex((sql) => /^\s*START TRANSACTION/i.test(sql)), sent.findIndex((sql) => /^\s*COMMIT/i.test(sql)) + 1)
    assert.ok(transaction.length <= 6, `the transaction is ${transaction.length} statements:\n${transaction.map(oneLine).join('\n')}`)

    // Everything the submit writes is there.
    const [application] = await t.database.dataSource.getRepository(Application).find()
    assert.ok(application)
    assert.equal(await t.database.dataSource.getRepository(ApplicationRole).countBy({ applicationId: application.id }), 2)
    assert.equal(await t.database.dataSource.getRepository(EqualityResponse).count(), 1)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ subjectId: application.id, action: 'application.submitted' }), 1)
    assert.equal(await t.database.dataSource.getRepository(ApplicationDraft).count(), 0)
    const emails = await t.database.dataSource.getRepository(EmailMessage).find()
    assert.deepEqual(emails.map((email) => email.template), ['application-received'])
    const jobs: { n: number }[] = await t.database.dataSource.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'send_email'`)
    assert.equal(jobs[0]!.n, 1)
  })

  it('tells a board member who wants immediate emails once, and takes the one-at-a-time lock only while someone may be told', async () => {
    await createStaff(t, ['board-member'], 'Board Member')
    const first = await readyToSubmit()
    const told = await statementsDuring(() => first.agent.post('/apply/check').type('form').send({ _csrf: first.token }).expect(303))
    context('a board member told', told)
    assert.equal(told.filter((sql) => sql.includes('pg_advisory_xact_lock')).length, 1, 'the lock while a member may be told')

    const second = await readyToSubmit()
    const quiet = await statementsDuring(() => second.agent.post('/apply/check').type('form').send({ _csrf: second.token }).expect(303))
    context('the board member told just now', quiet)
    assert.equal(quiet.filter((sql) => sql.includes('pg_advisory_xact_lock')).length, 0, 'no lock once nobody is to be told')
    const emails = await t.database.dataSource.getRepository(EmailMessage).find({ order: { createdAt: 'ASC' } })
    assert.deepEqual(emails.map((email) => email.template).sort(), ['application-received', 'application-received', 'new-application'])
  })
})

describe('the plans of a submit', () => {
  it('plans each statement of the transaction once per connection, not at every submit', async () => {
    // On one new connection, as prepared statements are each connection's own.
    await withOneConnection(t.database.url, async (own) => {
    const act = createActionRunner(own, t.services.mail)
    for (let run = 0; run < 8; run += 1) {
      const answers = applicationAnswers({ roles: ['web-developer', 'content-manager'], email: `plan-${run}@example.org`, equality: { 'equality-age': 'under-25' } })
      const { created } = await act(submitApplication, { submissionKey: randomUUID(), answers }, APPLICANT)
      assert.ok(created)
    }
    const plans: { statement: string; generic_plans: string; custom_plans: string }[] = await own.query(`SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements`)
    const transactionStatements = ['SELECT s."reference_prefix"', 'SELECT r."id", r."slug"', 'WITH "application" AS', 'WITH "queued" AS']
    for (const start of transactionStatements) {
      const plan = plans.find((row) => row.statement.trimStart().startsWith(start))
      assert.ok(plan, `${start}... is a prepared statement`)
      // PostgreSQL plans the first five runs for their values, then keeps one plan for any.
      assert.deepEqual({ generic: Number(plan.generic_plans), custom: Number(plan.custom_plans) }, { generic: 3, custom: 5 }, start)
    }
    })
  })
})

function context(title: string, sent: string[]): void {
  console.log(`# ${title}: ${sent.length} statements\n${sent.map((sql) => `#   ${oneLine(sql)}`).join('\n')}`)
}
