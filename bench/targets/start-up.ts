// Target 5: `npm start` (after the build) on an embedded database that is already initialised
// reaches its first 200 in under 3 s. The build's time is reported on its own.
import path from 'node:path'
import { freePort } from '../../src/free-port.ts'
import { rootDir } from '../../src/paths.ts'
import type { BenchContext } from '../lib/app-client.ts'
import { record } from '../lib/figures.ts'
import { startServer, stopServer, waitUntilReady } from '../lib/processes.ts'

const GROUP = 'start-up'
const SECONDS = 3
/** Kept between runs: the embedded database here is initialised once, by the first run. */
const dataDir = path.join(rootDir, '.data', 'bench-start')

async function startOnce(context: BenchContext, name: string, timeoutMs: number): Promise<number> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...context.appEnv, PORT: String(port), DATA_DIR: dataDir }
  // As `npm start` with neither NODE_ENV nor DATABASE_URL set: the app runs its embedded
  // PostgreSQL under DATA_DIR (production insists on a DATABASE_URL).
  delete env.NODE_ENV
  delete env.DATABASE_URL
  delete env.SMTP_URL
  const server = startServer(name, context.appArgs, env, port)
  try {
    const firstOk = await waitUntilReady(server, '/', timeoutMs, 10)
    return (firstOk - server.startedAt) / 1000
  } finally {
    await stopServer(server)
  }
}

export async function startUp(context: BenchContext, buildSeconds: number | null): Promise<void> {
  record(GROUP, 'build (npm run build)', buildSeconds, 's', null, buildSeconds === null ? 'not built in this run (--no-build)' : '')
  // The first start initialises the database (and migrates and seeds) if no earlier run has.
  const first = await startOnce(context, 'start-up-first', 180_000)
  record(GROUP, 'first start on this folder (initialises if new)', first, 's')
  const again = await startOnce(context, 'start-up', 60_000)
  record(GROUP, 'start to first 200, initialised embedded database', again, 's', { op: '<', limit: SECONDS })
}
