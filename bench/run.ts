// npm run bench: measures the app against the targets of issue 13, prints every figure with its
// target and PASS/FAIL, and writes them to .data/bench/latest.json.
//
//   npm run bench                       build, then measure (warm-up 3 s, 10 s per load, 10 connections)
//   npm run bench -- --quick            warm-up 2 s, 3 s per load: a whole run in about five minutes
//   npm run bench -- --strict           exit 1 when any figure misses its target
//   npm run bench -- --no-build         measure the dist/ that is already there
//   npm run bench -- --only queue       run some groups only: public, queue, export, submits, large, start-up
//   npm run bench -- --duration 10      seconds per load (also --warmup, --connections)
//   npm run bench -- --cpu-prof         write a V8 CPU profile of the app to .data/bench/profiles/
//
// The targets (bench/targets/*.ts):
//   public    /roles and /roles/web-developer: at least 0.6 of bare Express hello-world's req/s in
//             the same run, p99 under 10 ms, no errors (baselines: bench/baseline-*.mjs)
//   queue     /review signed in as a board member at 10,000 applications, the default view and a
//             filtered one (role + status + needs my review): p95 under 50 ms, p99 under 80 ms
//   export    the CSV export of 10,000 applications in under 2 s
//   submits   full application submits from distinct applicants: at least 300/s, p99 under
//             100 ms; every email handed to a real SMTP sink by the app's one worker, pick-up
//             latency (queued to handed over) p95 under 1 s
//   large     the queue and the export at 100,000 applications: how the time grows (reported),
//             and the export's memory stays flat (app RSS rise under 40 MB)
//   start-up  `npm start` after the build on an initialised embedded database: first 200 in
//             under 3 s; the build time reported on its own
//   and the app's RSS under all of that load: under 200 MB.
//
// The app runs as in production (NODE_ENV=production node dist/src/server.js) against a fresh
// database: bench_<random> on the server of BENCH_DATABASE_URL or DATABASE_URL when set, else on
// an embedded PostgreSQL under .data/bench-postgres. Each baseline runs in its own process.
// Latency percentiles are nearest-rank over every expected response's time. The children's
// output goes to .data/bench/logs/. Child processes and the database are removed at the end, on
// an error and on Ctrl-C.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../src/free-port.ts'
import { rootDir } from '../src/paths.ts'
import type { BenchContext } from './lib/app-client.ts'
import { createBenchDatabase, withClient } from './lib/database.ts'
import { allPassed, record, summary, writeResults } from './lib/figures.ts'
import { peakRssDuring, productionNodeOptions, rssMb, startServer, waitUntilReady } from './lib/processes.ts'
import { cleanUp, hasCleanups, interruptedSignal, options, profileDir, run, sleep } from './lib/run-state.ts'
import { startSmtpSink } from './lib/smtp-sink.ts'
import { csvExport } from './targets/csv-export.ts'
import { publicPages } from './targets/public-pages.ts'
import { LARGE_QUEUE_APPLICATIONS, QUEUE_APPLICATIONS, reviewQueueAt100k, reviewQueueAt10k } from './targets/review-queue.ts'
import { startUp } from './targets/start-up.ts'
import { MAIL_FROM, submits } from './targets/submits.ts'

const GROUPS = ['public', 'queue', 'export', 'submits', 'large', 'start-up'] as const
const RSS_MB = 200

if (options.help) {
  const source = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n')
  const header = source.slice(0, source.findIndex((line) => !line.startsWith('//')))
  console.log(header.map((line) => line.replace(/^\/\/ ?/, '')).join('\n'))
  process.exit(0)
}
const unknown = options.only.filter((group) => !(GROUPS as readonly string[]).includes(group))
if (unknown.length > 0) {
  console.error(`--only takes ${GROUPS.join(', ')}; not ${unknown.join(', ')}`)
  process.exit(2)
}
const runs = (group: (typeof GROUPS)[number]) => options.only.length === 0 || options.only.includes(group)

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

async function main(): Promise<number> {
  const started = new Date()
  let buildSeconds: number | null = null
  if (options.build) {
    console.log('Building (npm run build)…')
    buildSeconds = (await run('npm', ['run', '--silent', 'build'])) / 1000
  }
  const serverJs = path.join(rootDir, 'dist', 'src', 'server.js')
  if (!fs.existsSync(serverJs)) throw new Error(`${path.relative(rootDir, serverJs)} is missing: run without --no-build`)

  console.log('Creating the bench database…')
  const database = await createBenchDatabase()
  console.log(`  ${database.where}`)
  const sink = await startSmtpSink()

  const [appPort, httpPort, expressPort] = [await freePort(), await freePort(), await freePort()]
  const productionEnv = { ...process.env, NODE_ENV: 'production' }
  const appEnv: NodeJS.ProcessEnv = {
    ...productionEnv,
    SESSION_SECRET: randomBytes(36).toString('base64url'), // 48 characters
    DATABASE_URL: database.url,
    TRUST_PROXY: '1', // see BEHIND_HTTPS_PROXY in lib/app-client.ts
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_FROM,
  }
  console.log('Starting the app (migrates and seeds on start) and the baselines…')
  const profile = options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  // As `npm start` runs it: with the Node options of package.json's start script.
  const appArgs = [...productionNodeOptions(), serverJs]
  const app = startServer('app', [...profile, ...appArgs], { ...appEnv, PORT: String(appPort) }, appPort)
  const http = startServer('http', [path.join(rootDir, 'bench', 'baseline-http.mjs')], { ...productionEnv, PORT: String(httpPort) }, httpPort)
  const express = startServer('express', [path.join(rootDir, 'bench', 'baseline-express.mjs')], { ...productionEnv, PORT: String(expressPort) }, expressPort)
  await Promise.all([waitUntilReady(app, '/ready', 120_000), waitUntilReady(http, '/', 15_000), waitUntilReady(express, '/', 15_000)])

  // A new production service asks staff for a second factor, but the bench measures the queue
  // itself: turned off before any page has read (and cached) the settings.
  await withClient(database.url, (client) => client.query(`UPDATE "settings" SET "staff_second_factor_required" = false`))
  const context: BenchContext = { databaseUrl: database.url, app, baselines: { http, express }, appEnv, appArgs }
  console.log(`Measuring on ${os.cpus().length} CPU(s), Node ${process.version}, ${options.durationSeconds} s per load after ${options.warmupSeconds} s warm-up:`)

  // The highest RSS of each group too, so that a miss of the overall figure says where it was.
  const peaks: [string, number | null][] = []
  const group = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const { result, peakMb } = await peakRssDuring(app.child.pid, work)
    peaks.push([name, peakMb])
    return result
  }
  const idleMb = rssMb(app.child.pid)
  const { peakMb } = await peakRssDuring(app.child.pid, async () => {
    if (runs('public')) {
      console.log('\n  Public pages')
      await group('public pages', () => publicPages(context))
    }
    // The queue, the export and the large queue all need the 10,000 applications and the board member.
    const needsQueue = runs('queue') || runs('export') || runs('large')
    const at10k = needsQueue ? (console.log('\n  Review queue'), await group('review queue', () => reviewQueueAt10k(context))) : null
    if (runs('export')) {
      console.log('\n  CSV export')
      await group('CSV export', () => csvExport(context, QUEUE_APPLICATIONS, { timed: true }))
    }
    if (runs('submits')) {
      console.log('\n  Submits and the outbox')
      await sleep(500)
      await group('submits', () => submits(context, sink))
    }
    if (runs('large') && at10k) {
      console.log(`\n  At ${LARGE_QUEUE_APPLICATIONS.toLocaleString('en-GB')} applications`)
      await group('100,000 applications', async () => {
        await reviewQueueAt100k(context, at10k)
        await csvExport(context, LARGE_QUEUE_APPLICATIONS, { timed: false })
      })
    }
  })
  console.log('\n  Memory')
  record('memory', 'app RSS before the load', idleMb, 'MB')
  for (const [name, mb] of peaks) record('memory', `app RSS, highest during ${name}`, mb, 'MB')
  record('memory', 'app RSS, highest under load', peakMb, 'MB', { op: '<', limit: RSS_MB })
  if (runs('start-up')) {
    console.log('\n  Start-up')
    await startUp(context, buildSeconds)
  }

  console.log(summary())
  const file = writeResults({
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, loadAverage: os.loadavg(), platform: `${os.platform()} ${os.release()}`, node: process.version },
    settings: { ...options, database: database.where.replace(/\/\/[^@]*@/, '//') },
  })
  console.log(`Wrote ${file}`)
  if (options.cpuProfile) console.log(`The app's CPU profile will be in ${path.relative(rootDir, profileDir)}/ once it has stopped`)
  return !allPassed() && options.strict ? 1 : 0
}

let exitCode: number
try {
  exitCode = await main()
} catch (error) {
  if (interruptedSignal.aborted) {
    // The signal handler has started the clean-up and exits when it is done.
    await cleanUp()
    process.exit(130)
  }
  console.error(`\nBench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  exitCode = 1
}
if (hasCleanups()) console.log('Cleaning up…')
await cleanUp()
process.exit(exitCode)
