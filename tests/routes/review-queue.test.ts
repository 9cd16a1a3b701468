import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import pg from 'pg'
import request, { type Agent } from 'supertest'
import type { EntityManager, Logger } from 'typeorm'
import type { ApplicationStatus } from '../../src/domain/application-status.ts'
import type { StaffRole } from '../../src/domain/staff-roles.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import type { ApplyAnswers } from '../../src/domain/application-answers.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData, withOneConnection } from '../helpers/database.ts'
import { applicationAnswers } from '../helpers/review.ts'
import { createStaff, signedInStaff } from '../helpers/staff.ts'
import { submitApplication } from '../../src/actions/apply/submit-application.ts'
import { APPLICANT } from '../../src/services/audit.ts'
import { EXPORT_BATCH_SIZE } from '../../src/queries/review-export.ts'
import { NO_FILTERS, reviewQueue, type QueueFilters } from '../../src/queries/review-queue.ts'
import { queuePageStatement } from '../../src/queries/review-queue-sql.ts'

const t = useTestApp()
beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['application_drafts', 'audit_events', 'one_time_tokens'] })
  await t.database.dataSource.query(`UPDATE settings SET blind_review = true, quorum = 2 WHERE id = 1`)
})

// ---------------------------------------------------------------------------------------------
// Helpers

interface BulkApplications {
  count?: number
  /** References are PREFIX-000001, PREFIX-000002, ... */
  prefix?: string
  status?: ApplicationStatus
  nhsEmployed?: boolean
  /** Role slugs, first choice first. */
  roles?: string[]
  /** Sent this many days ago; each further row one minute earlier still. */
  daysAgo?: number
  fullName?: string
  email?: string
  /** The connection to insert on (its own transaction); else any of the pool's. */
  manager?: EntityManager
}

/** Inserts many applications with one statement, as a real queue might hold. Returns references, oldest last. */
async function insertApplications(options: BulkApplications = {}): Promise<string[]> {
  const { count = 1, prefix = 'TST', status = 'submitted', nhsEmployed = true, roles = ['web-developer'], daysAgo = 1, fullName = 'Sam Applicant', email = 'sam@example.org', manager: on = t.database.dataSource.manager } =
    options
  // Thousands of rows at once (with the per-row trigger that keeps the counts) can take longer
  // than the app's statement timeout on a busy machine: this one statement may take its time.
  await on.transaction(async (manager) => {
    await manager.query(`SET LOCAL statement_timeout = 0`)
    await manager.query(
      `WITH inserted AS (
         INSERT INTO applications (reference, submission_key, status, full_name, email, phone, nhs_employed, organisation, career_stage,
                                   hours_available, motivation, consented_at, submitted_at, status_changed_at)
         SELECT $1 || '-' || lpad(i::text, 6, '0'), gen_random_uuid(), $2, $3, $4, '07700 900000', $5, 'Secret Trust', 'apprentice',
                'yes', 'Because', now(), now() - make_interval(days => $6) - make_interval(mins => i), now()
         FROM generate_series(1, $7::int) AS i
         RETURNING id
       )
       INSERT INTO application_roles (application_id, role_id, preference, role_title, role_version)
       SELECT inserted.id, r.id, chosen.preference, r.title, r.version
       FROM inserted
       CROSS JOIN unnest($8::text[]) WITH ORDINALITY AS chosen(slug, preference)
       JOIN roles r ON r.slug = chosen.slug`,
      [prefix, status, fullName, email, nhsEmployed, daysAgo, count, roles],
    )
  })
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(6, '0')}`)
}

async function idOf(reference: string): Promise<string> {
  const rows: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM applications WHERE reference = $1`, [reference])
  return rows[0]!.id
}

/** A review scoring two criteria of every chosen role: `score`, and one less (or as given per role, by slug). */
async function addReview(reference: string, reviewer: StaffUser, recommendation = 'appoint', score = 4, byRole: Record<string, number> = {}): Promise<void> {
  const applicationId = await idOf(reference)
  const roles: { id: string; slug: string }[] = await t.database.dataSource.query(
    `SELECT ar.id, r.slug FROM application_roles ar JOIN roles r ON r.id = ar.role_id WHERE ar.application_id = $1`,
    [applicationId],
  )
  const sheet = (value: number) => ({ enthusiasm: { score: value, note: null }, time: { score: value - 1, note: null } })
  const scores = Object.fromEntries(roles.map((role) => [role.id, sheet(byRole[role.slug] ?? score)]))
  await t.database.dataSource.query(`INSERT INTO reviews (application_id, reviewer_id, scores, recommendation) VALUES ($1, $2, $3, $4)`, [
    applicationId,
    reviewer.id,
    JSON.stringify(scores),
    recommendation,
  ])
}

async function declareConflict(reference: string, member: StaffUser): Promise<void> {
  await t.database.dataSource.query(`INSERT INTO conflicts_of_interest (application_id, staff_user_id, reason) VALUES ($1, $2, 'Knows them')`, [
    await idOf(reference),
    member.id,
  ])
}

const signedIn = (roles: StaffRole[], name?: string) => signedInStaff(t, roles, name)

/** The references in the queue's table, in order. */
function referencesIn(html: string): string[] {
  return [...html.matchAll(/href="\/review\/applications\/([^"]+)"/g)].map((match) => decodeURIComponent(match[1]!))
}

/** The table's rows as their cell texts (tags stripped, spaces collapsed, responsive headings dropped). */
function tableRows(html: string): string[][] {
  const body = /<tbody class="nhsuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
      cell[1]!
        .replace(/<span class="nhsuk-table__heading"[\s\S]*?<\/span>/, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  )
}

/** RFC 4180, enough to read our own export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 1
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += 1
    } else cell += c
  }
  assert.equal(cell, '', 'the file ends with CRLF')
  return rows
}

async function exportCsv(agent: Agent, query = ''): Promise<{ response: request.Response; header: string[]; rows: Record<string, string>[] }> {
  const response = await agent.get(`/review/export.csv${query}`).buffer(true).parse((res, callback) => {
    let data = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => (data += chunk))
    res.on('end', () => callback(null, data))
  })
  assert.equal(response.status, 200)
  const text = response.body as string
  assert.ok(text.startsWith('\uFEFF'), 'a byte order mark, for Excel')
  const [header, ...lines] = parseCsv(text.slice(1))
  return { response, header: header!, rows: lines.map((line) => Object.fromEntries(header!.map((name, i) => [name, line[i] ?? '']))) }
}

const answers = (overrides: Partial<ApplyAnswers> = {}): ApplyAnswers =>
  applicationAnswers({
    roles: ['web-developer', 'content-manager'],
    motivation: 'I would love to help the community grow.',
    skills: ['HTML/CSS'],
    equality: { age: '65-plus', sex: 'female', 'gender-identity': 'no' },
    ...overrides,
  })

/** Counts the statements sent while `work` runs: through TypeORM, and on every pg client (sessions too). */
async function countQueries(work: () => Promise<unknown>): Promise<{ typeorm: number; all: number }> {
  const counts = { typeorm: 0, all: 0 }
  const quiet = () => {}
  const logger: Logger = { logQuery: () => void (counts.typeorm += 1), logQueryError: quiet, logQuerySlow: quiet, logSchemaBuild: quiet, logMigration: quiet, log: quiet }
  const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const originalQuery = clientPrototype.query
  t.database.dataSource.setOptions({ logger })
  clientPrototype.query = function (this: unknown, ...args: unknown[]) {
    counts.all += 1
    return originalQuery.apply(this, args)
  }
  try {
    await work()
  } finally {
    clientPrototype.query = originalQuery
    t.database.dataSource.setOptions({ logger: { ...logger, logQuery: quiet } })
  }
  return counts
}

// ---------------------------------------------------------------------------------------------

describe('who may see the queue', () => {
  it('sends anonymous people to sign in, and refuses staff who neither review nor decide', async () => {
    await request(t.app).get('/review').expect(303).expect('Location', '/sign-in')
    await request(t.app).get('/review/export.csv').expect(303).expect('Location', '/sign-in')
    const { agent } = await signedIn(['admin'])
    const page = await agent.get('/review').expect(403)
    assert.match(page.text, /does not give you access/)
    await agent.get('/review/export.csv').expect(403)
  })

  it('shows board members and community managers the queue, never cached', async () => {
    for (const roles of [['board-member'], ['community-manager']] as StaffRole[][]) {
      const { agent } = await signedIn(roles)
      const page = await agent.get('/review').expect(200)
      assert.equal(page.headers['cache-control'], 'no-store')
      assert.match(page.text, /<h1>Applications<\/h1>/)
    }
  })
})

describe('the queue', () => {
  it('says so kindly when there are no applications', async () => {
    const { agent } = await signedIn(['board-member'])
    const page = await agent.get('/review').expect(200)
    assert.match(page.text, /There are no applications yet/)
    assert.doesNotMatch(page.text, /<table/)
  })

  it('lists applications oldest first with their roles, status, wait and reviews; newest first on request', async () => {
    const { agent, user } = await signedIn(['board-member'])
    const [older] = await insertApplications({ prefix: 'OLD', daysAgo: 10, roles: ['events-manager', 'web-developer'], nhsEmployed: false })
    await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: answers() }, APPLICANT)
    const [erased] = await insertApplications({ prefix: 'GONE', daysAgo: 20 })
    await t.database.dataSource.query(`UPDATE applications SET erased_at = now(), full_name = NULL WHERE reference = $1`, [erased])
    const [settled] = await insertApplications({ prefix: 'DONE', daysAgo: 30, status: 'unsuccessful' })
    await addReview(older!, user)

    const page = await agent.get('/review').expect(200)
    const references = referencesIn(page.text)
    assert.equal(references.length, 3, 'erased applications are left out')
    assert.equal(references[0], settled)
    assert.equal(references[1], older)
    assert.match(references[2]!, /^[A-Z]{2,6}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'the one sent through the service')

    const rows = tableRows(page.text)
    assert.deepEqual(rows[1]!.filter((_cell, i) => i !== 4), [older, 'Events manager Web developer', 'No', 'Received', '10', '1 of 2 1 more needed', 'Events manager: 3.5 Web developer: 3.5', 'Reviewed'])
    assert.match(rows[1]![4]!, /^\d{1,2} [A-Z][a-z]+ \d{4}$/, 'the date sent')
    assert.equal(rows[0]![5], 'Not waiting', 'a settled application is not waiting')
    assert.equal(rows[0]![3], 'Not successful this time')
    assert.deepEqual(rows[2]!.slice(1, 4), ['Web developer Content manager', 'Yes', 'Received'])
    assert.equal(rows[2]![5], '0')
    assert.equal(rows[2]![6], '0 of 2 2 more needed')
    assert.equal(rows[2]![7], 'Shown once you have reviewed it')
    assert.equal(rows[2]![8], 'Needs your review')
    assert.match(page.text, /<ol class="nhsuk-list nhsuk-list--number[^"]*"><li>Events manager<\/li><li>Web developer<\/li><\/ol>/, 'roles in order of preference')
    assert.match(page.text, /Showing 1 to 3 of 3 applications,\s+oldest first/)

    const newest = await agent.get('/review?sort=newest').expect(200)
    assert.deepEqual(referencesIn(newest.text), [...references].reverse())
    assert.match(newest.text, /<option value="newest" selected>Newest first<\/option>/)
  })

  it('filters by role, status and NHS employment, and ignores values it does not know', async () => {
    const { agent } = await signedIn(['community-manager'])
    const web = await insertApplications({ prefix: 'WEB', count: 2, roles: ['web-developer'], nhsEmployed: true })
    const events = await insertApplications({ prefix: 'EVT', count: 3, roles: ['content-manager', 'events-manager'], nhsEmployed: false, daysAgo: 2 })
    const shortlisted = await insertApplications({ prefix: 'SHL', roles: ['events-manager'], status: 'shortlisted', daysAgo: 3 })
    const everything = [...shortlisted, ...events.toReversed(), ...web.toReversed()]

    const byRole = await agent.get('/review?role=events-manager').expect(200)
    assert.deepEqual(referencesIn(byRole.text).toSorted(), [...events, ...shortlisted].toSorted(), 'any preference counts')
    assert.match(byRole.text, /<option value="events-manager" selected>Events manager<\/option>/)

    const byStatus = await agent.get('/review?status=shortlisted').expect(200)
    assert.deepEqual(referencesIn(byStatus.text), shortlisted)

    assert.deepEqual(referencesIn((await agent.get('/review?nhs=yes').expect(200)).text).toSorted(), [...web, ...shortlisted].toSorted())
    assert.deepEqual(referencesIn((await agent.get('/review?nhs=no').expect(200)).text).toSorted(), events.toSorted())
    assert.deepEqual(referencesIn((await agent.get('/review?role=events-manager&status=submitted&nhs=no').expect(200)).text).toSorted(), events.toSorted())

    const none = await agent.get('/review?role=web-developer&nhs=no').expect(200)
    assert.match(none.text, /No applications match these filters/)

    for (const junk of [
      '?role=astronaut&status=sleeping&nhs=maybe&sort=sideways&page=-3&needsMyReview=yes',
      '?role=web-developer&role=events-manager',
      '?status[]=submitted&page=1e9&page=2',
      '?role=%00%27%22<script>&status=constructor&nhs=__proto__',
    ]) {
      const page = await agent.get(`/review${junk}`).expect(200)
      assert.deepEqual(referencesIn(page.text), everything, junk)
    }
  })

  it('counts applications per status for the other filters, each count linking to its status', async () => {
    const { agent } = await signedIn(['board-member'])
    await insertApplications({ prefix: 'A', count: 3, roles: ['web-developer'] })
    await insertApplications({ prefix: 'B', count: 2, roles: ['web-developer'], status: 'in_review' })
    await insertApplications({ prefix: 'C', count: 4, roles: ['events-manager'], status: 'in_review' })
    await insertApplications({ prefix: 'D', count: 1, roles: ['web-developer'], status: 'withdrawn' })

    const page = await agent.get('/review?role=web-developer&status=in_review').expect(200)
    assert.match(page.text, /<a class="nhsuk-link" href="\/review\?role=web-developer">All statuses<\/a>: 6/)
    assert.match(page.text, /<a class="nhsuk-link" href="\/review\?role=web-developer&amp;status=submitted">Received<\/a>: 3/)
    assert.match(page.text, /<strong aria-current="true">Being reviewed: 2<\/strong>/)
    assert.match(page.text, /<a class="nhsuk-link" href="\/review\?role=web-developer&amp;status=withdrawn">Withdrawn<\/a>: 1/)
    assert.doesNotMatch(page.text, />Shortlisted<\/a>/, 'statuses with no applications are left out')
    assert.equal(referencesIn(page.text).length, 2)
  })

  it('plans the count triggers for the rows at hand: a bulk insert after a small one on the same connection reads its role choices once', async () => {
    // The plans of the statements the triggers run, as notices (auto_explain), on one connection.
    const runner = t.database.dataSource.createQueryRunner()
    const client = (await runner.connect()) as pg.PoolClient
    const plans: string[] = []
    const onNotice = (notice: { message?: string }) => plans.push(notice.message ?? '')
    try {
      await runner.query(`LOAD 'auto_explain'`)
      for (const [name, value] of Object.entries({ log_min_duration: '0', log_nested_statements: 'on', log_analyze: 'on', log_timing: 'off', log_level: 'notice' })) {
        await runner.query(`SET auto_explain.${name} = '${value}'`)
      }
      client.on('notice', onNotice)
      await insertApplications({ prefix: 'ONE', roles: ['web-developer', 'events-manager'], manager: runner.manager })
      plans.length = 0
      await insertApplications({ prefix: 'BULK', count: 500, roles: ['web-developer', 'events-manager'], manager: runner.manager })
    } finally {
      client.off('notice', onNotice)
      await runner.query(`LOAD 'auto_explain'`).then(() => runner.query(`RESET auto_explain.log_min_duration`))
      await runner.release()
    }
    const rolesTrigger = plans.find((plan) => plan.includes('FROM added n JOIN "applications" a'))
    assert.ok(rolesTrigger, 'the role choices trigger ran')
    // Each scan of the transition table reads its 1,000 rows; scanned again for every application, it was a million.
    const loops = [...rolesTrigger.matchAll(/Named Tuplestore Scan[^\n]*loops=(\d+)/g)].map((match) => Number(match[1]))
    assert.deepEqual(loops, [1], rolesTrigger)
    assert.equal((await t.database.dataSource.query(`SELECT sum(count)::int AS n FROM application_counts WHERE role_key = '00000000-0000-0000-0000-000000000000'`))[0].n, 501)
  })

  it('keeps the counts right as applications change status, lose a role, are erased or deleted', async () => {
    const { agent, user: me } = await signedIn(['board-member'])
    const [first, second, third] = await insertApplications({ prefix: 'CNT', count: 3, roles: ['web-developer', 'events-manager'] })
    await insertApplications({ prefix: 'OTH', count: 2, roles: ['events-manager'], nhsEmployed: false })
    const db = t.database.dataSource
    const counts = async (query: string) => {
      const text = (await agent.get(`/review${query}`).expect(200)).text
      return {
        all: Number(/All statuses(?:<\/a>)?: (\d+)/.exec(text)?.[1] ?? 0),
        received: Number(/Received(?:<\/a>)?: (\d+)/.exec(text)?.[1] ?? 0),
        shortlisted: Number(/Shortlisted(?:<\/a>)?: (\d+)/.exec(text)?.[1] ?? 0),
      }
    }
    assert.deepEqual(await counts('?role=web-developer'), { all: 3, received: 3, shortlisted: 0 })
    assert.deepEqual(await counts('?role=events-manager&nhs=no'), { all: 2, received: 2, shortlisted: 0 })

    await db.query(`UPDATE applications SET status = 'shortlisted' WHERE reference = $1`, [first])
    assert.deepEqual(await counts('?role=web-developer'), { all: 3, received: 2, shortlisted: 1 })
    assert.deepEqual(await counts(''), { all: 5, received: 4, shortlisted: 1 })

    await db.query(`DELETE FROM application_roles WHERE role_id = (SELECT id FROM roles WHERE slug = 'web-developer') AND application_id = (SELECT id FROM applications WHERE reference = $1)`, [second])
    assert.deepEqual(await counts('?role=web-developer'), { all: 2, received: 1, shortlisted: 1 })
    assert.deepEqual(await counts('?role=events-manager'), { all: 5, received: 4, shortlisted: 1 })

    await db.query(`UPDATE applications SET erased_at = now(), full_name = NULL, email = NULL WHERE reference = $1`, [first])
    await db.query(`DELETE FROM applications WHERE reference = $1`, [third])
    assert.deepEqual(await counts('?role=web-developer'), { all: 0, received: 0, shortlisted: 0 })
    assert.deepEqual(await counts(''), { all: 3, received: 3, shortlisted: 0 })

    // Needs my review: the reviewable counts less what I have reviewed or declared a conflict on.
    const [reviewed, conflicted] = await insertApplications({ prefix: 'MINE', count: 2, roles: ['events-manager'] })
    await addReview(reviewed!, me)
    await declareConflict(conflicted!, me)
    assert.deepEqual(await counts('?needsMyReview=yes'), { all: 3, received: 3, shortlisted: 0 })
    assert.deepEqual(await counts('?needsMyReview=yes&role=events-manager&nhs=no'), { all: 2, received: 2, shortlisted: 0 })
  })

  it('shows 25 a page, keeps the filters across pages, and shows the last page for a page past the end', async () => {
    const { agent } = await signedIn(['board-member'])
    const references = await insertApplications({ count: 60, nhsEmployed: true })
    const oldestFirst = references.toReversed()

    const first = await agent.get('/review?nhs=yes').expect(200)
    assert.deepEqual(referencesIn(first.text), oldestFirst.slice(0, 25))
    assert.match(first.text, /<title>Applications \(page 1 of 3\)/)
    assert.match(first.text, /Showing 1 to 25 of 60 applications/)
    assert.match(first.text, /<p>Page 1 of 3<\/p>/)
    assert.match(first.text, /href="\/review\?nhs=yes&amp;page=2" rel="next"/)
    assert.doesNotMatch(first.text, /rel="prev"/)

    const second = await agent.get('/review?nhs=yes&page=2').expect(200)
    assert.deepEqual(referencesIn(second.text), oldestFirst.slice(25, 50))
    assert.match(second.text, /Showing 26 to 50 of 60 applications/)
    assert.match(second.text, /href="\/review\?nhs=yes" rel="prev"/)
    assert.match(second.text, /<span class="nhsuk-pagination__page">Page 1 of 3<\/span>/)
    assert.match(second.text, /<span class="nhsuk-pagination__page">Page 3 of 3<\/span>/)

    for (const path of ['/review?nhs=yes&page=3', '/review?nhs=yes&page=4', '/review?nhs=yes&page=999999999']) {
      const last = await agent.get(path).expect(200)
      assert.deepEqual(referencesIn(last.text), oldestFirst.slice(50), path)
      assert.match(last.text, /Showing 51 to 60 of 60 applications/)
      assert.doesNotMatch(last.text, /rel="next"/)
    }
    assert.deepEqual(referencesIn((await agent.get('/review?nhs=yes&page=0').expect(200)).text), oldestFirst.slice(0, 25))
  })
})

describe('needs my review', () => {
  it('keeps open applications I have neither reviewed nor declared a conflict on', async () => {
    const { agent, user: me } = await signedIn(['board-member'])
    const other = await createStaff(t, ['board-member'])
    const [reviewedByMe, conflicted, reviewedByOther, untouched] = await insertApplications({ prefix: 'NMR', count: 4 })
    const [inReview] = await insertApplications({ prefix: 'INR', status: 'in_review' })
    const [shortlisted] = await insertApplications({ prefix: 'SHL', status: 'shortlisted' })
    await addReview(reviewedByMe!, me)
    await declareConflict(conflicted!, me)
    await addReview(reviewedByOther!, other)
    await declareConflict(reviewedByOther!, other)

    const page = await agent.get('/review?needsMyReview=yes').expect(200)
    assert.deepEqual(referencesIn(page.text).toSorted(), [reviewedByOther!, untouched!, inReview!].toSorted())
    assert.match(page.text, /<input class="nhsuk-checkboxes__input" id="needsMyReview" name="needsMyReview" type="checkbox" value="yes" checked>/)

    const all = tableRows((await agent.get('/review').expect(200)).text)
    const stateOf = (reference: string) => all.find((row) => row[0]!.split(' ')[0] === reference)?.[8]
    assert.equal(stateOf(reviewedByMe!), 'Reviewed')
    assert.equal(stateOf(conflicted!), 'Conflict declared')
    assert.equal(stateOf(reviewedByOther!), 'Needs your review')
    assert.equal(stateOf(shortlisted!), 'No review needed')
  })

  it('is not offered to a community manager who is not on the board', async () => {
    const { agent } = await signedIn(['community-manager'])
    await insertApplications({ prefix: 'CM', count: 2, status: 'shortlisted' })
    const page = await agent.get('/review?needsMyReview=yes').expect(200)
    assert.doesNotMatch(page.text, /name="needsMyReview"/)
    assert.doesNotMatch(page.text, /Your review/)
    assert.equal(referencesIn(page.text).length, 2, 'the filter is ignored')
  })
})

describe('blind review', () => {
  it("hides applicants' names from board members until shortlisting, and shows them to the community manager", async () => {
    await insertApplications({ prefix: 'BLD', fullName: 'Grace Hopper', email: 'grace@example.org' })
    await insertApplications({ prefix: 'SHL', fullName: 'Katherine Johnson', status: 'shortlisted' })
    const board = await signedIn(['board-member'])
    const manager = await signedIn(['community-manager'])
    const both = await signedIn(['board-member', 'community-manager'])

    const boardPage = (await board.agent.get('/review').expect(200)).text
    assert.doesNotMatch(boardPage, /Grace Hopper|grace@example\.org|07700 900000|Secret Trust/)
    assert.match(boardPage, /Katherine Johnson/, 'shortlisted: no longer blind')

    for (const { agent } of [manager, both]) {
      const page = (await agent.get('/review').expect(200)).text
      assert.match(page, /Grace Hopper/)
      assert.doesNotMatch(page, /grace@example\.org|07700 900000|Secret Trust/, 'the table shows the name only')
    }

    await t.database.dataSource.query(`UPDATE settings SET blind_review = false WHERE id = 1`)
    assert.match((await board.agent.get('/review').expect(200)).text, /Grace Hopper/)
  })
})

describe('scores and quorum in the queue', () => {
  /** The table's header cell for `name`, as HTML. */
  function headerCell(html: string, name: string): string {
    const cell = [...html.matchAll(/<th [^>]*scope="col"[^>]*>[\s\S]*?<\/th>/g)].map((match) => match[0]).find((th) => th.includes(`>${name}<`))
    assert.ok(cell, `a ${name} column`)
    return cell
  }
  const cellOf = (html: string, reference: string, column: number) => tableRows(html).find((row) => row[0]!.split(' ')[0] === reference)?.[column]
  /** The table body: where an average would be. */
  const tableBody = (html: string) => /<tbody class="nhsuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''

  it("shows each role's average and the quorum, the averages only once the viewer has reviewed (never sent before)", async () => {
    const member = await signedIn(['board-member'])
    const other = await createStaff(t, ['board-member'])
    const manager = await signedIn(['community-manager'])
    const [reference] = await insertApplications({ prefix: 'AVG', roles: ['web-developer', 'content-manager'] })
    await addReview(reference!, other, 'appoint', 4, { 'web-developer': 5, 'content-manager': 2 })

    const before = (await member.agent.get('/review').expect(200)).text
    assert.equal(cellOf(before, reference!, 6), '1 of 2 1 more needed')
    assert.equal(cellOf(before, reference!, 7), 'Shown once you have reviewed it')
    assert.doesNotMatch(tableBody(before), /\d\.\d/, 'no average reaches the page before their own review')

    assert.equal(cellOf((await manager.agent.get('/review').expect(200)).text, reference!, 7), 'Web developer: 4.5 Content manager: 1.5', 'a community manager not on the board sees them')

    await addReview(reference!, member.user, 'maybe', 3)
    const after = (await member.agent.get('/review').expect(200)).text
    // Web developer: 5, 4 and 3, 2; content manager: 2, 1 and 3, 2.
    assert.equal(cellOf(after, reference!, 7), 'Web developer: 3.5 Content manager: 2.0')
    assert.equal(cellOf(after, reference!, 6), '2 of 2 Enough for a decision')

    const [single] = await insertApplications({ prefix: 'ONE', roles: ['events-manager'], status: 'in_review' })
    await addReview(single!, member.user, 'appoint', 5)
    assert.equal(cellOf((await member.agent.get('/review').expect(200)).text, single!, 7), '4.5', 'one role: just the average')
  })

  it('never shows the averages to a member who declared a conflict, or who did not review a closed application', async () => {
    const member = await signedIn(['board-member'])
    const other = await createStaff(t, ['board-member'])
    const [conflicted] = await insertApplications({ prefix: 'COI' })
    const [closed] = await insertApplications({ prefix: 'SHL', status: 'shortlisted' })
    for (const reference of [conflicted!, closed!]) await addReview(reference, other, 'appoint', 5)
    await declareConflict(conflicted!, member.user)
    const page = (await member.agent.get('/review').expect(200)).text
    assert.equal(cellOf(page, conflicted!, 7), 'Not shown: you declared a conflict')
    assert.equal(cellOf(page, closed!, 7), 'Not shown: you have not reviewed it')
    assert.doesNotMatch(tableBody(page), /\d\.\d/)
  })

  it('sorts by average score either way, with aria-sort on the sorted column and links that turn it round', async () => {
    const { agent, user } = await signedIn(['board-member'])
    const other = await createStaff(t, ['board-member'])
    const [low, high, middle, hidden, unscored] = await insertApplications({ prefix: 'SRT', count: 5 })
    await addReview(low!, user, 'maybe', 2)
    await addReview(high!, user, 'appoint', 5)
    await addReview(middle!, user, 'appoint', 4)
    // The viewer has not reviewed this one: however high the others scored it, a sort must not give that away.
    await addReview(hidden!, other, 'appoint', 5)
    await addReview(hidden!, await createStaff(t, ['board-member']), 'appoint', 5)

    const oldest = (await agent.get('/review').expect(200)).text
    assert.match(headerCell(oldest, 'Sent'), /aria-sort="ascending"/)
    assert.match(headerCell(oldest, 'Sent'), /href="\/review\?sort=newest"/)
    assert.doesNotMatch(headerCell(oldest, 'Average score'), /aria-sort/)
    assert.match(headerCell(oldest, 'Average score'), /href="\/review\?sort=highest-score"/)
    assert.match(oldest, /Column headers are sortable/)

    const highest = await agent.get('/review?sort=highest-score').expect(200)
    // Unseen and unscored come last, oldest first (references are numbered newest first).
    assert.deepEqual(referencesIn(highest.text), [high, middle, low, unscored, hidden])
    assert.match(headerCell(highest.text, 'Average score'), /aria-sort="descending"/)
    assert.match(headerCell(highest.text, 'Average score'), /href="\/review\?sort=lowest-score"/)
    assert.doesNotMatch(headerCell(highest.text, 'Sent'), /aria-sort/)
    assert.match(highest.text, /Showing 1 to 5 of 5 applications,\s+highest average score first/)
    assert.match(highest.text, /<option value="highest-score" selected>Highest score first<\/option>/)

    const lowest = await agent.get('/review?sort=lowest-score').expect(200)
    assert.deepEqual(referencesIn(lowest.text), [low, middle, high, unscored, hidden])
    assert.match(headerCell(lowest.text, 'Average score'), /aria-sort="ascending"/)

    // The export keeps the order, and hides the same averages.
    const { rows } = await exportCsv(agent, '?sort=highest-score')
    assert.deepEqual(rows.map((row) => row.Reference), [high, middle, low, unscored, hidden])
    assert.equal(rows.find((row) => row.Reference === hidden)!['Average score by role'], '')
    assert.equal(rows.find((row) => row.Reference === high)!['Average score by role'], 'Web developer: 4.5')
  })

  it("sorts by the filtered role's average, else by each application's best role", async () => {
    const { agent, user } = await signedIn(['board-member'])
    const [webStrong, contentStrong] = await insertApplications({ prefix: 'TWO', count: 2, roles: ['web-developer', 'content-manager'] })
    await addReview(webStrong!, user, 'appoint', 3, { 'web-developer': 5, 'content-manager': 2 })
    await addReview(contentStrong!, user, 'appoint', 3, { 'web-developer': 2, 'content-manager': 4 })

    assert.deepEqual(referencesIn((await agent.get('/review?sort=highest-score').expect(200)).text), [webStrong, contentStrong])
    const byContent = (await agent.get('/review?role=content-manager&sort=highest-score').expect(200)).text
    assert.deepEqual(referencesIn(byContent), [contentStrong, webStrong])
    assert.match(byContent, /sorted by the average score for the role you chose/)
    assert.match(headerCell(byContent, 'Average score'), /href="\/review\?role=content-manager&amp;sort=lowest-score"/, 'the sort links keep the filters')
  })
})

describe('CSV export', () => {
  it('streams an export longer than one batch: every application once, in the queue\'s order, with the filters applied', async () => {
    const { agent } = await signedIn(['board-member'])
    // Each further row of a bulk insert is a minute older: oldest first is the references reversed.
    const web = await insertApplications({ prefix: 'BIG', count: EXPORT_BATCH_SIZE * 2 + 7, roles: ['web-developer'] })
    const events = await insertApplications({ prefix: 'EVB', count: 3, roles: ['events-manager'], daysAgo: 30 })
    const all = await exportCsv(agent)
    assert.deepEqual(all.rows.map((row) => row.Reference), [...events.toReversed(), ...web.toReversed()])
    const newest = await exportCsv(agent, '?role=web-developer&sort=newest')
    assert.deepEqual(newest.rows.map((row) => row.Reference), web)
    assert.equal(newest.header[0], 'Reference')
  })

  it('exports the filtered queue, every page, as an attachment that is never cached', async () => {
    const { agent } = await signedIn(['board-member'])
    const web = await insertApplications({ prefix: 'WEB', count: 30, roles: ['web-developer'] })
    await insertApplications({ prefix: 'EVT', count: 5, roles: ['events-manager'] })

    const { response, header, rows } = await exportCsv(agent, '?role=web-developer&sort=newest&page=2')
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8')
    assert.match(response.headers['content-disposition']!, /^attachment; filename="applications-\d{4}-\d{2}-\d{2}\.csv"$/)
    assert.equal(response.headers['cache-control'], 'no-store')
    assert.deepEqual(
      header,
      ['Reference', 'Name', 'Email', 'Roles (in order of preference)', 'Status', 'Employed by the NHS', 'Career stage', 'Can give about 2 hours a week', 'Date sent', 'Days waiting', 'Reviews', 'Average score (1 to 5)', 'Average score by role', 'Recommend appoint', 'Recommend maybe', 'Recommend do not appoint'],
    )
    assert.deepEqual(rows.map((row) => row.Reference), web, 'all 30, newest first, whatever the page')
    assert.equal(rows[0]!.Status, 'Received')
    assert.equal(rows[0]!['Career stage'], 'Apprentice')
    assert.equal(rows[0]!['Can give about 2 hours a week'], 'Yes')
    assert.match(rows[0]!['Date sent']!, /^\d{4}-\d{2}-\d{2}$/)
    assert.equal(rows[0]!['Days waiting'], '1')
  })

  it('neutralises formulas, leaves out equality data, and applies blind review', async () => {
    await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: answers({ fullName: '=HYPERLINK("http://evil")', email: 'evil@example.org' }) }, APPLICANT)
    await t.services.act(submitApplication, { submissionKey: randomUUID(), answers: answers({ fullName: '+Plus, "Quoted"\nName', email: 'plus@example.org', roles: ['events-manager'] }) }, APPLICANT)
    const manager = await signedIn(['community-manager'])
    const board = await signedIn(['board-member'])

    const { response, rows } = await exportCsv(manager.agent)
    const names = rows.map((row) => row.Name).toSorted()
    assert.deepEqual(names, [`'+Plus, "Quoted"\nName`, `'=HYPERLINK("http://evil")`])
    const raw = response.body as string
    assert.ok(raw.includes(`"'=HYPERLINK(""http://evil"")"`), 'quoted, with the quotes doubled')
    assert.ok(!/(^|,)[=+\-@]/m.test(raw.replace(/\uFEFF/, '')), 'no cell starts with a formula character')
    assert.deepEqual(rows.map((row) => row.Email).toSorted(), ['evil@example.org', 'plus@example.org'])
    for (const equality of ['65-plus', 'female', 'gender', 'equality', 'Equality', 'Sex', 'Age']) {
      assert.ok(!raw.includes(equality), `no equality data (${equality})`)
    }
    assert.ok(!raw.includes('07700 900982') && !raw.includes('Barts Health'), 'no phone or organisation either')

    const blind = await exportCsv(board.agent)
    assert.deepEqual(blind.rows.map((row) => [row.Name, row.Email]), [['', ''], ['', '']])
    assert.ok(!(blind.response.body as string).includes('HYPERLINK'))

    await t.database.dataSource.query(`UPDATE settings SET blind_review = false WHERE id = 1`)
    assert.deepEqual((await exportCsv(board.agent)).rows.map((row) => row.Email).toSorted(), ['evil@example.org', 'plus@example.org'])
  })

  it("shows a board member the others' recommendations only once they have reviewed", async () => {
    const member = await signedIn(['board-member'])
    const manager = await signedIn(['community-manager'])
    const other = await createStaff(t, ['board-member'])
    const [reference] = await insertApplications({ prefix: 'REC' })
    await addReview(reference!, other, 'maybe', 5)

    const before = (await exportCsv(member.agent)).rows[0]!
    assert.equal(before.Reviews, '1')
    assert.deepEqual([before['Average score (1 to 5)'], before['Recommend appoint'], before['Recommend maybe']], ['', '', ''])

    await addReview(reference!, member.user, 'appoint', 3)
    const afterReview = (await exportCsv(member.agent)).rows[0]!
    assert.deepEqual(
      [afterReview.Reviews, afterReview['Average score (1 to 5)'], afterReview['Recommend appoint'], afterReview['Recommend maybe'], afterReview['Recommend do not appoint']],
      ['2', '3.5', '1', '1', '0'],
    )
    assert.equal((await exportCsv(manager.agent)).rows[0]!['Recommend maybe'], '1', 'the community manager sees the tally')
  })
})

describe('queries per page', () => {
  it('sends as values only who is looking and what they chose, plans the page once, and compiles none', async () => {
    const { user } = await signedIn(['board-member'])
    await insertApplications({ prefix: 'PLAN', count: 30, roles: ['web-developer', 'events-manager'] })
    await t.database.dataSource.query('ANALYZE applications, application_roles, application_counts, reviews, conflicts_of_interest')
    const [webDeveloper] = await t.database.dataSource.query(`SELECT id FROM roles WHERE slug = 'web-developer'`)
    const viewer = { id: user.id, roles: user.roles }
    // The distinct values: the viewer (for their reviews and conflicts), the filters and the
    // page's offset. The status lists, the viewer's roles and the page size are in the text.
    // The default view and the bench's filtered one keep one plan; PostgreSQL goes on planning
    // a sort by score (every row's score) for its values, which is its choice to make.
    const views: { filters: QueueFilters; values: unknown[]; onePlan: boolean }[] = [
      { filters: NO_FILTERS, values: [user.id, 50], onePlan: true },
      { filters: { ...NO_FILTERS, role: { slug: 'web-developer', id: webDeveloper.id }, status: 'submitted', needsMyReview: true }, values: [webDeveloper.id, user.id, 'submitted', 50], onePlan: true },
      { filters: { ...NO_FILTERS, nhsEmployed: false, sort: 'highest-score' }, values: ['no', false, user.id, 50], onePlan: false },
    ]
    // On one new connection, as prepared statements are each connection's own.
    await withOneConnection(t.database.url, async (own) => {
      const runner = own.createQueryRunner()
      try {
        await runner.connect()
        // Costly-looking statements were compiled by the JIT for a second before running for milliseconds.
        assert.equal((await runner.query('SHOW jit'))[0].jit, 'off')
        for (const { filters, values, onePlan } of views) {
          const statement = queuePageStatement(viewer, filters, { size: 25, requestedOffset: 50 })
          assert.deepEqual(new Set(statement.values), new Set(values))
          for (let run = 0; run < 8; run += 1) await reviewQueue(runner.manager, { viewer, filters, page: 1 + (run % 2) })
          const [plans] = await runner.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1`, [statement.sql])
          // PostgreSQL plans the first five runs for their values, then keeps one plan for any.
          if (onePlan) assert.deepEqual({ generic: Number(plans.generic_plans), custom: Number(plans.custom_plans) }, { generic: 3, custom: 5 }, JSON.stringify(filters))
        }
      } finally {
        await runner.release()
      }
    })
  })

  // Last in the file: the next test's beforeEach would have to delete its 10,000 applications.
  it('sends the same number of statements for 10 applications as for 10,000', async (context) => {
    const { agent, user } = await signedIn(['board-member'])
    await insertApplications({ prefix: 'FEW', count: 10, roles: ['web-developer', 'events-manager'] })
    const [first] = await insertApplications({ prefix: 'REV', daysAgo: 40 })
    await addReview(first!, user)
    // The first page stores the session's CSRF token and the next writes its expiry; after that
    // the expiry is written at most once a minute, so each page below reads the same statements.
    await agent.get('/review').expect(200)
    await agent.get('/review').expect(200)

    const few = await countQueries(() => agent.get('/review').expect(200))
    const fewFiltered = await countQueries(() => agent.get('/review?role=web-developer&needsMyReview=yes&page=2').expect(200))

    const started = Date.now()
    await insertApplications({ prefix: 'MANY', count: 10_000 - 11, roles: ['content-manager', 'web-developer'], daysAgo: 3 })
    const insertMs = Date.now() - started
    // The insert can take over a minute on a busy machine: then this page writes the expiry.
    await agent.get('/review').expect(200)
    const many = await countQueries(async () => {
      const page = await agent.get('/review').expect(200)
      assert.equal(referencesIn(page.text).length, 25)
      assert.match(page.text, /of 10,?000 applications/)
    })
    const manyFiltered = await countQueries(() => agent.get('/review?role=web-developer&needsMyReview=yes&page=2').expect(200))
    const lastPage = await countQueries(() => agent.get('/review?page=100000').expect(200))

    context.diagnostic(`statements per page, 10 rows: ${JSON.stringify(few)}; 10,000 rows: ${JSON.stringify(many)}; filtered: ${JSON.stringify(fewFiltered)} / ${JSON.stringify(manyFiltered)}; last page: ${JSON.stringify(lastPage)}; bulk insert ${insertMs} ms`)
    assert.deepEqual(many, few)
    assert.deepEqual(manyFiltered, fewFiltered)
    assert.deepEqual(lastPage, few)
    // A fixed handful: the page's own reads and what every signed-in request reads.
    assert.ok(few.typeorm <= 7, `a page is a handful of statements, not ${few.typeorm}`)
  })
})
