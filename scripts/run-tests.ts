// npm test: runs the given test folders or files (default: unit, routes, process, browser) with node:test.
// Uses DATABASE_URL's server when set, else starts the embedded PostgreSQL once for the whole
// run. It migrates and seeds one template database for the run; each test file then makes and
// drops its own copy of it (tests/helpers/database.ts).
// Unit and route files run several at a time (TEST_CONCURRENCY); then the process and browser
// files, which start servers and Chromium, and the timing checks (*.timing.test.ts), run fewer at a
// time (TEST_BROWSER_CONCURRENCY) so that their timings are not starved of CPU.
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
const browserConcurrency = Number(process.env.TEST_BROWSER_CONCURRENCY ?? Math.max(1, cores - 1))

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
// Files that start servers and browsers, and timing checks, which need the machine to themselves.
const startsProcesses = (file: string) => /[/\\]tests[/\\](process|browser)[/\\]/.test(file) || file.endsWith('.timing.test.ts')

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

/** Runs some files in one node --test process; resolves with its exit code and what each file ran. */
async function runFiles(group: string[], atOnce: number): Promise<{ code: number; counts: Record<string, FileCounts> }> {
  const countsFile = path.join(countsDir, `counts-${atOnce}-${group.length}.json`)
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
  [files.filter((file) => !startsProcesses(file)), concurrency],
  [files.filter(startsProcesses), browserConcurrency],
]
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
// Each file's own time in its tests: with several files at once, the spec output above arrives in file order, not as they finish.
const slowest = files
  .map((file) => ({ name: path.relative(rootDir, file), ms: counts[file]?.ms ?? 0 }))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 10)
console.log(`\nTest files: ${files.length} in ${((Date.now() - started) / 1000).toFixed(1)}s; the slowest:`)
for (const { name, ms } of slowest) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)}s  ${name}`)
process.exit(failed ? 1 : 0)
