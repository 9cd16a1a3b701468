// npm test: runs the given test folders or files (default: unit, routes, process, browser) with node:test.
// Uses DATABASE_URL's server when set, else starts the embedded PostgreSQL once for the whole
// run; each test file then makes and drops its own database (tests/helpers/database.ts).
// Fails when there are no test files, when a file runs no tests, when a test was skipped, or
// when pg warns of a deprecation (tests/helpers/fail-on-pg-deprecation.ts).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts'
import { rootDir } from '../src/paths.ts'

const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['tests/unit', 'tests/routes', 'tests/process', 'tests/browser']

function testFiles(folder: string): string[] {
  const dir = path.resolve(rootDir, folder)
  if (!fs.existsSync(dir)) return []
  if (fs.statSync(dir).isFile()) return [dir]
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(dir, name))
}

const files = folders.flatMap(testFiles).sort()
if (files.length === 0) {
  console.error(`No test files found in ${folders.join(', ')}`)
  process.exit(1)
}

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

const countsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'test-counts-')), 'counts.json')
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
  ...(process.env.TEST_CONCURRENCY ? [`--test-concurrency=${process.env.TEST_CONCURRENCY}`] : []),
  ...files,
]

const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, args, { env, stdio: 'inherit', cwd: rootDir })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)))
})

await embedded?.stop()

let failed = code !== 0
const counts = fs.existsSync(countsFile)
  ? (JSON.parse(fs.readFileSync(countsFile, 'utf8')) as Record<string, { ran: number; skipped: number }>)
  : {}
for (const file of files) {
  const count = counts[file] ?? { ran: 0, skipped: 0 }
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
process.exit(failed ? 1 : 0)
