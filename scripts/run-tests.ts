// npm test: runs the given test folders or files (default: unit, routes, process, browser) with node:test.
// Uses DATABASE_URL's server when set, else starts the embedded PostgreSQL once for the whole
// run. It migrates and seeds one template database for the run; each test file then makes and
// drops its own copy of it (tests/helpers/database.ts).
// Unit and route files run several at a time (TEST_CONCURRENCY); then the browser files, which
// start Chromium, one per core (TEST_BROWSER_CONCURRENCY); then the process files and the timing
// checks (*.timing.test.ts) one at a time, so that their timings are not starved of CPU. Within
// each phase the files that took longest last time (.data/test-times.json) start first.
// Fails when there are no test files, when a file runs no tests, when a test was skipped, or
// when pg warns of a deprecation (tests/helpers/fail-on-pg-deprecation.ts).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts'
import { rootDir } from '../src/paths.ts'
import { createTemplateDatabase } from '../tests/helpers/database.ts'

const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['tests/unit', 'tests/routes', 'tests/process', 'tests/browser']
const cores = os.availableParallelism()
// Route tests spend much of their time waiting on PostgreSQL, so one more file than cores keeps them busy.
const concurrency = Number(process.env.TEST_CONCURRENCY ?? cores + 1)
const browserConcurrency = Number(process.env.TEST_BROWSER_CONCURRENCY ?? cores)

function testFiles(folder: string): string[] {
  const dir = path.resolve(rootDir, folder)
  if (!fs.existsSync(dir)) return []
  if (fs.statSync(dir).isFile()) return [dir]
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(dir, name))
}

const files = [...new Set(folders.flatMap(testFiles))].sort()
if (files.length === 0) {
  console.error(`No test files found in ${folders.join(', ')}`)
  process.exit(1)
}
const inBrowser = (file: string) => /[/\\]tests[/\\]browser[/\\]/.test(file)
// Files that start servers, and timing checks, which need the machine to themselves.
const needsMachine = (file: string) => /[/\\]tests[/\\]process[/\\]/.test(file) || file.endsWith('.timing.test.ts')

// Each file's time in the last run, so that the longest start first and the phase ends sooner.
const timesFile = path.join(rootDir, '.data', 'test-times.json')
const lastTimes: Record<string, number> = fs.existsSync(timesFile) ? (JSON.parse(fs.readFileSync(timesFile, 'utf8')) as Record<string, number>) : {}
const longestFirst = (group: string[]) => [...group].sort((a, b) => (lastTimes[path.relative(rootDir, b)] ?? 0) - (lastTimes[path.relative(rootDir, a)] ?? 0))

let embedded: EmbeddedDatabase | null = null
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' }
if (!process.env.DATABASE_URL) {
  embedded = await startEmbeddedPostgres(path.join(rootDir, '.data', 'test-postgres'))
  env.TEST_DATABASE_URL = embedded.adminUrl
  console.log(`Tests use the embedded PostgreSQL (${new URL(embedded.adminUrl).host})`)
} else {
  env.TEST_DATABASE_URL = process.env.DATABASE_URL
}
delete env.DATABASE_URL
process.env.TEST_DATABASE_URL = env.TEST_DATABASE_URL
const template = await createTemplateDatabase()
env.TEST_TEMPLATE_DATABASE = template.name

interface FileCounts {
  ran: number
  skipped: number
  ms: number
}

const countsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-counts-'))

let runs = 0

/** Runs some files in one node --test process; resolves with its exit code and what each file ran. */
async function runFiles(group: string[], atOnce: number): Promise<{ code: number; counts: Record<string, FileCounts> }> {
  const countsFile = path.join(countsDir, `counts-${++runs}.json`)
  const args = [
    '--import',
    'tsx',
    // pg's deprecation warnings (two queries at once on one connection) fail the test that causes them.
    '--import',
    pathToFileURL(path.join(rootDir, 'tests', 'helpers', 'fail-on-pg-deprecation.ts')).href,
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(rootDir, 'scripts', 'test-count-reporter.mjs')}`,
    `--test-reporter-destination=${countsFile}`,
    `--test-concurrency=${atOnce}`,
    ...group,
  ]
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: 'inherit', cwd: rootDir })
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('exit', (exitCode, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve(exitCode ?? (signal ? 1 : 0))
    })
  })
  const counts = fs.existsSync(countsFile) ? (JSON.parse(fs.readFileSync(countsFile, 'utf8')) as Record<string, FileCounts>) : {}
  return { code, counts }
}

const started = Date.now()
const groups: [string[], number][] = [
  [files.filter((file) => !inBrowser(file) && !needsMachine(file)), concurrency],
  [files.filter(inBrowser), browserConcurrency],
  [files.filter(needsMachine), 1],
].map(([group, atOnce]) => [longestFirst(group as string[]), atOnce as number])
let failed = false
const counts: Record<string, FileCounts> = {}
for (const [group, atOnce] of groups) {
  if (group.length === 0) continue
  const result = await runFiles(group, atOnce)
  failed ||= result.code !== 0
  Object.assign(counts, result.counts)
}

await template.drop()
await embedded?.stop()

for (const file of files) {
  const count = counts[file] ?? { ran: 0, skipped: 0, ms: 0 }
  const name = path.relative(rootDir, file)
  if (count.ran === 0) {
    console.error(`✖ ${name} ran no tests`)
    failed = true
  }
  if (count.skipped > 0) {
    console.error(`✖ ${name} skipped ${count.skipped} test(s): remove the skip or the test`)
    failed = true
  }
}
fs.mkdirSync(path.dirname(timesFile), { recursive: true })
fs.writeFileSync(timesFile, JSON.stringify({ ...lastTimes, ...Object.fromEntries(Object.entries(counts).map(([file, count]) => [path.relative(rootDir, file), Math.round(count.ms)])) }, null, 1))
// Each file's own time in its tests: with several files at once, the spec output above arrives in file order, not as they finish.
const slowest = files
  .map((file) => ({ name: path.relative(rootDir, file), ms: counts[file]?.ms ?? 0 }))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 10)
console.log(`\nTest files: ${files.length} in ${((Date.now() - started) / 1000).toFixed(1)}s; the slowest:`)
for (const { name, ms } of slowest) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)}s  ${name}`)
process.exit(failed ? 1 : 0)
