// npm test: runs the given test folders or files (default: unit, routes, process, browser) with node:test.
// The tests and the code they import are first compiled into .data/test-build (tsconfig.test.json)
// and run from there as plain JavaScript, with source maps for the stack traces.
// Uses DATABASE_URL's server when set, else starts the embedded PostgreSQL once for the whole
// run. It migrates and seeds one template database for the run; each test file then makes and
// drops its own copy of it (tests/helpers/database.ts).
// Unit, route and browser files run several at a time (TEST_CONCURRENCY), at most one browser
// file per core among them (TEST_BROWSER_CONCURRENCY), as the longest left (in the last run:
// .data/test-times.json) comes first. Short unit and route files share a process, a few at a
// time, each in a describe of its own (its hooks are the describe's); each other file has a
// process of its own. Then the process files and the timing checks (*.timing.test.ts) one at a
// time, so that their timings are not starved of CPU.
// Fails when there are no test files, when a file runs no tests, when a test was skipped, or
// when pg warns of a deprecation (tests/helpers/fail-on-pg-deprecation.ts).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts'
import { rootDir } from '../src/paths.ts'
import { copyTemplateDatabase, createTemplateDatabase, dropDatabase } from '../tests/helpers/database.ts'

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

// Compiled before anything else, so that a file that does not compile stops the run at once.
const buildDir = path.join(rootDir, '.data', 'test-build')
const compiled = (file: string) => path.join(buildDir, path.relative(rootDir, file)).replace(/\.ts$/, '.js')
const sourceOf = new Map(files.map((file) => [compiled(file), file]))
const compileStarted = Date.now()
const compile = spawnSync(process.execPath, [path.join(rootDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.test.json'], { cwd: rootDir, stdio: 'inherit' })
if (compile.status !== 0) {
  console.error('The tests did not compile (tsc -b tsconfig.test.json)')
  process.exit(1)
}
console.log(`Compiled the tests into ${path.relative(rootDir, buildDir)} in ${((Date.now() - compileStarted) / 1000).toFixed(1)}s`)
const inBrowser = (file: string) => /[/\\]tests[/\\]browser[/\\]/.test(file)
// Files that start servers of their own (one at a time, from when the other files' last ones
// have started), and timing checks (alone, at the end, so that their timings are not starved of CPU).
const startsServers = (file: string) => /[/\\]tests[/\\]process[/\\]/.test(file)
const isTimingCheck = (file: string) => file.endsWith('.timing.test.ts')
const needsMachine = (file: string) => startsServers(file) || isTimingCheck(file)

// Each file's time in the last run, so that the longest start first and the phase ends sooner,
// and so that short files share a process. A checkout with no run of its own yet (a fresh clone,
// CI) takes the times committed in tests/file-times.json: refresh it from .data/test-times.json
// after a full run when files have come or gone.
const timesFile = path.join(rootDir, '.data', 'test-times.json')
const baselineTimesFile = path.join(rootDir, 'tests', 'file-times.json')
const readTimes = (file: string): Record<string, number> => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : {})
const lastTimes: Record<string, number> = { ...readTimes(baselineTimesFile), ...readTimes(timesFile) }
/** A file's time in the last run; with none yet, a quarter of a shared process's (a unit file's, nothing). */
function timeOfFile(file: string): number {
  return lastTimes[path.relative(rootDir, file)] ?? (/[/\\]tests[/\\]unit[/\\]/.test(file) ? 0 : SHARED_MS / 4)
}
const longestFirst = (group: string[]) => [...group].sort((a, b) => timeOfFile(b) - timeOfFile(a))

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
// The page states axe has passed, shared by the run's browser files (tests/helpers/browser.ts).
env.TEST_AXE_PASSED_DIR = path.join(countsDir, 'axe-passed')
fs.mkdirSync(env.TEST_AXE_PASSED_DIR)

let runs = 0

const children = new Set<ReturnType<typeof spawn>>()
const forward = (signal: NodeJS.Signals) => {
  for (const child of children) child.kill(signal)
}
process.on('SIGINT', forward)
process.on('SIGTERM', forward)

/**
 * Runs some files in one node --test process; resolves with its exit code and what each file ran.
 * With `quiet` its output is held back and printed in one piece when it ends, so that the output
 * of processes that run at the same time does not interleave.
 */
async function runFiles(group: string[], atOnce: number, quiet = false, fileEnv: NodeJS.ProcessEnv = {}, shared = false): Promise<{ code: number; counts: Record<string, FileCounts> }> {
  const countsFile = path.join(countsDir, `counts-${++runs}.json`)
  const targets = shared ? [sharedEntry(group, path.join(countsDir, `files-${runs}.group.mjs`))] : group.map(compiled)
  const args = [
    '--enable-source-maps',
    // e.g. TEST_NODE_ARGS='--cpu-prof --cpu-prof-dir=.data/prof' to profile each test process.
    ...(process.env.TEST_NODE_ARGS ? process.env.TEST_NODE_ARGS.split(' ') : []),
    // pg's deprecation warnings (two queries at once on one connection) fail the test that causes them.
    '--import',
    pathToFileURL(compiled(path.join(rootDir, 'tests', 'helpers', 'fail-on-pg-deprecation.ts'))).href,
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(rootDir, 'scripts', 'test-count-reporter.mjs')}`,
    `--test-reporter-destination=${countsFile}`,
    `--test-concurrency=${atOnce}`,
    ...targets,
  ]
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...env, ...fileEnv }, stdio: quiet ? ['inherit', 'pipe', 'pipe'] : 'inherit', cwd: rootDir })
    children.add(child)
    const output: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk))
    child.on('close', (exitCode, signal) => {
      children.delete(child)
      if (quiet) process.stdout.write(Buffer.concat(output))
      resolve(exitCode ?? (signal ? 1 : 0))
    })
  })
  const reported = fs.existsSync(countsFile) ? (JSON.parse(fs.readFileSync(countsFile, 'utf8')) as Record<string, FileCounts>) : {}
  // Keyed by the source file, as the run names them.
  const counts = Object.fromEntries(Object.entries(reported).map(([file, count]) => [sourceOf.get(file) ?? file, count]))
  return { code, counts }
}

/**
 * A file that imports each of `group`'s compiled files inside a describe named after it, so that
 * they share one process (and its loaded modules: about 1.3 CPU-s a process) while each file's
 * top-level hooks stay its own. The count reporter takes each describe's time as its file's.
 */
function sharedEntry(group: string[], entry: string): string {
  const lines = group.map((file) => `describe(${JSON.stringify(file)}, async () => { await import(${JSON.stringify(pathToFileURL(compiled(file)).href)}) })`)
  fs.writeFileSync(entry, `import { describe } from 'node:test'\n${lines.join('\n')}\n`)
  return entry
}

// Files share a process, packed longest first to about this much of their last run's time in
// all: loading the app's modules and making its first app costs about 2 CPU-s a process, and
// packing the route files into 17 processes rather than 44 took 16% off their CPU. A file with
// no time yet counts as a quarter of it (timeOfFile). Browser files pack among
// themselves (each still has its own Chromium), and their process takes one browser's place.
const SHARED_MS = Number(process.env.TEST_SHARED_MS ?? 30_000)
const SHARED_FILES = Number(process.env.TEST_SHARED_FILES ?? 40)
const canShare = (file: string) => !needsMachine(file) && timeOfFile(file) < SHARED_MS

/** The files as the processes that run them: the shorter ones packed together, the others alone. */
function processGroups(group: string[]): string[][] {
  const groups: string[][] = []
  const packs: { files: string[]; ms: number; browser: boolean }[] = []
  for (const file of longestFirst(group)) {
    if (!canShare(file)) {
      groups.push([file])
      continue
    }
    const ms = timeOfFile(file)
    const browser = inBrowser(file)
    // The first group of its kind with room for it (first fit, longest first).
    let pack = packs.find((each) => each.browser === browser && each.files.length < SHARED_FILES && each.ms + ms <= SHARED_MS)
    if (!pack) {
      pack = { files: [], ms: 0, browser }
      packs.push(pack)
      groups.push(pack.files)
    }
    pack.files.push(file)
    pack.ms += ms
  }
  return groups
}

// Route and browser files each make a copy of the template database, which takes a second or two:
// the run keeps as many copies ready as files run at once, made while other files run, and gives
// each process one for each such file as it starts (TEST_PREPARED_DATABASE), dropping them when
// the process ends.
const usesDatabase = (file: string) => /[/\\]tests[/\\](routes|browser)[/\\]/.test(file)
const readyCopies: Promise<string>[] = []
async function takeCopy(stock: number): Promise<string> {
  while (readyCopies.length < stock + 1) readyCopies.push(copyTemplateDatabase(template.name))
  return readyCopies.shift()!
}

/**
 * Runs the files in node --test processes (processGroups: short files a few to a process),
 * `atOnce` processes at a time and at most `browsersAtOnce` browser files among them, longest
 * first: a slot that frees takes the longest process left that may run, so that the unit, route
 * and browser files share the cores to the end instead of each group ending on one long file
 * while the other core waits.
 */
async function runPool(group: string[], atOnce: number, browsersAtOnce: number, onAllStarted: () => void = () => {}): Promise<{ code: number; counts: Record<string, FileCounts> }> {
  const timeOf = (files: string[]) => files.reduce((sum, file) => sum + timeOfFile(file), 0)
  const waiting = processGroups(group).sort((a, b) => timeOf(b) - timeOf(a))
  const counts: Record<string, FileCounts> = {}
  let code = 0
  let browsers = 0
  const copiesFor = (files: string[]) => files.filter(usesDatabase).length
  let allStarted = false
  await new Promise<void>((resolve) => {
    let running = 0
    const next = () => {
      while (running < atOnce) {
        const index = waiting.findIndex((files) => !files.some(inBrowser) || browsers < browsersAtOnce)
        if (index < 0) break
        const [files] = waiting.splice(index, 1) as [string[]]
        const browser = files.some(inBrowser)
        running += 1
        if (browser) browsers += 1
        const stock = Math.min(atOnce, waiting.reduce((sum, each) => sum + copiesFor(each), 0))
        void (async () => {
          const copies: string[] = []
          for (let i = 0; i < copiesFor(files); i++) copies.push(await takeCopy(stock))
          const result = await runFiles(files, 1, true, copies.length > 0 ? { TEST_PREPARED_DATABASE: copies.join(',') } : {}, files.length > 1)
          for (const copy of copies) await dropDatabase(copy)
          running -= 1
          if (browser) browsers -= 1
          code ||= result.code
          Object.assign(counts, result.counts)
          next()
        })()
      }
      if (waiting.length === 0 && !allStarted) {
        allStarted = true
        onAllStarted()
      }
      if (running === 0 && waiting.length === 0) resolve()
    }
    next()
  })
  return { code, counts }
}

const started = Date.now()
let failed = false
const counts: Record<string, FileCounts> = {}
const record = (result: { code: number; counts: Record<string, FileCounts> }) => {
  failed ||= result.code !== 0
  Object.assign(counts, result.counts)
}
// The server files wait for the pool's last files to have started: they then share the machine
// with those alone, as the pool's end leaves a core idle (their checks allow seconds, not milliseconds).
const withServers = longestFirst(files.filter(startsServers))
let serverFiles: Promise<void> = Promise.resolve()
const startServerFiles = () => {
  if (withServers.length > 0) serverFiles = runFiles(withServers, 1).then(record)
}
const shared = files.filter((file) => !needsMachine(file))
if (shared.length > 0) record(await runPool(shared, concurrency, browserConcurrency, startServerFiles))
else startServerFiles()
await serverFiles
const timingChecks = longestFirst(files.filter(isTimingCheck))
if (timingChecks.length > 0) record(await runFiles(timingChecks, 1))

for (const copy of readyCopies) await dropDatabase(await copy)
fs.rmSync(countsDir, { recursive: true, force: true })
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
