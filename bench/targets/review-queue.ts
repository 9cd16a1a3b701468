// Target 2: the board's queue, signed in as a board member: the default view and a filtered one
// (role + status + "needs my review") at 10,000 applications, and again at 100,000 to show how
// the time grows with the rows (the page shows 25 either way).
import type pg from 'pg'
import { BEHIND_HTTPS_PROXY, boardMemberSession, expectPage, type BenchContext } from '../lib/app-client.ts'
import { withClient } from '../lib/database.ts'
import { record, recordLoad } from '../lib/figures.ts'
import { loadGet, type LoadResult } from '../lib/load.ts'
import { sleep } from '../lib/run-state.ts'

const GROUP = 'review queue'
export const QUEUE_APPLICATIONS = 10_000
export const LARGE_QUEUE_APPLICATIONS = 100_000
const P95_MS = 50
const P99_MS = 80
const DEFAULT_VIEW = '/review'
const FILTERED_VIEW = '/review?role=web-developer&status=submitted&needsMyReview=yes'

/**
 * Adds applications up to `total` in one statement: a mix of statuses over about a year, two
 * roles each (a rotating pair, so that each role has its share), as a live database would have.
 */
export async function addApplicationsUpTo(client: pg.Client, total: number): Promise<void> {
  const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM applications')
  const from = rows[0]!.count + 1
  if (from > total) return
  await client.query(
    `WITH inserted AS (
       INSERT INTO applications (reference, submission_key, status, full_name, email, nhs_employed, career_stage, hours_available,
                                 motivation, consented_at, submitted_at, status_changed_at)
       SELECT 'BENCH-' || lpad(i::text, 6, '0'), gen_random_uuid(),
              (ARRAY['submitted', 'in_review', 'shortlisted', 'unsuccessful', 'withdrawn'])[1 + i % 5],
              'Applicant ' || i, 'applicant' || i || '@example.org', i % 3 <> 0, 'early-career', 'yes', 'Bench data',
              now(), now() - make_interval(secs => i * 300), now()
       FROM generate_series($1::int, $2::int) AS i
       RETURNING id, reference
     ),
     numbered AS (
       SELECT id, substr(reference, 7)::int AS i FROM inserted
     ),
     role AS (
       SELECT id, title, version, row_number() OVER (ORDER BY slug) - 1 AS n, count(*) OVER () AS roles FROM roles
     )
     INSERT INTO application_roles (application_id, role_id, preference, role_title, role_version)
     SELECT numbered.id, role.id, CASE WHEN role.n = numbered.i % role.roles THEN 1 ELSE 2 END, role.title, role.version
     FROM numbered JOIN role ON role.n IN (numbered.i % role.roles, (numbered.i + 1) % role.roles)`,
    [from, total],
  )
  // As a live database would be: vacuumed (so that autovacuum does not start on the new rows in
  // the middle of a measurement, and index-only scans can skip the table) and with planner
  // statistics that know about the rows.
  await client.query('VACUUM (ANALYZE) applications, application_roles, application_counts')
}

async function measureViews(context: BenchContext, applications: number, goals: boolean): Promise<LoadResult[]> {
  const headers = { ...BEHIND_HTTPS_PROXY, Cookie: context.boardMemberCookie! }
  const label = applications.toLocaleString('en-GB')
  // Measure the pages themselves, not a redirect to sign-in.
  await expectPage(context.app.baseUrl + DEFAULT_VIEW, headers, `of ${label} applications`)
  await expectPage(context.app.baseUrl + FILTERED_VIEW, headers, 'Applications')
  const results: LoadResult[] = []
  for (const [name, view] of [
    ['default view', DEFAULT_VIEW],
    ['filtered view', FILTERED_VIEW],
  ] as const) {
    await sleep(500)
    const load = await loadGet(context.app.baseUrl + view, headers, context.app.child.pid)
    recordLoad(GROUP, `${name}, ${label} applications`, load, goals ? { p95Ms: P95_MS, p99Ms: P99_MS } : {})
    results.push(load)
  }
  return results
}

export interface QueueTimes {
  defaultP95Ms: number
  filteredP95Ms: number
}

export async function reviewQueueAt10k(context: BenchContext): Promise<QueueTimes> {
  context.boardMemberCookie = await withClient(context.databaseUrl, async (client) => {
    await addApplicationsUpTo(client, QUEUE_APPLICATIONS)
    return boardMemberSession(client, context.app.baseUrl)
  })
  const [defaultView, filteredView] = await measureViews(context, QUEUE_APPLICATIONS, true)
  return { defaultP95Ms: defaultView!.p95Ms, filteredP95Ms: filteredView!.p95Ms }
}

/** Report only: how the queue's time grows from 10,000 to 100,000 applications. */
export async function reviewQueueAt100k(context: BenchContext, at10k: QueueTimes): Promise<void> {
  await withClient(context.databaseUrl, (client) => addApplicationsUpTo(client, LARGE_QUEUE_APPLICATIONS))
  const count = await withClient(context.databaseUrl, async (client) => (await client.query<{ count: number }>('SELECT count(*)::int AS count FROM applications')).rows[0]!.count)
  const [defaultView, filteredView] = await measureViews(context, count, false)
  record(GROUP, 'default view p95 growth, 10× the applications', defaultView!.p95Ms / at10k.defaultP95Ms, 'ratio', null, 'p95 at 100,000 ÷ p95 at 10,000')
  record(GROUP, 'filtered view p95 growth, 10× the applications', filteredView!.p95Ms / at10k.filteredP95Ms, 'ratio', null, 'p95 at 100,000 ÷ p95 at 10,000')
}
