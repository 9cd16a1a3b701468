import { Logger as GraphileLogger, runMigrations as runJobQueueMigrations } from 'graphile-worker'
import pg from 'pg'
import type { DataSource } from 'typeorm'
import { seed, type SeedOptions } from '../../seeds/seed.ts'

// Any fixed number of our own: instances that start together take turns on it.
const MIGRATION_LOCK = 7_341_120_419

/**
 * Runs pending migrations, then adds any missing seed data. Safe to run on every start, and by
 * several instances starting at once: they take turns under a PostgreSQL advisory lock, so the
 * first migrates and the others find nothing left to do.
 */
export async function migrateAndSeed(dataSource: DataSource, log: (message: string) => void, options: SeedOptions = {}): Promise<void> {
  // A session-level lock belongs to one connection: this one, held while the work runs on others.
  const lock = new pg.Client({ connectionString: databaseUrl(dataSource) })
  lock.on('error', () => {})
  await lock.connect()
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await migrateAndSeedUnlocked(dataSource, log, options)
  } finally {
    // Ending the connection releases the lock too, even if the unlock could not be sent.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    await lock.end().catch(() => {})
  }
}

function databaseUrl(dataSource: DataSource): string {
  const url = 'url' in dataSource.options ? dataSource.options.url : undefined
  if (!url) throw new Error('migrateAndSeed needs a DataSource configured with a url')
  return url
}

async function migrateAndSeedUnlocked(dataSource: DataSource, log: (message: string) => void, options: SeedOptions): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' })
  for (const migration of applied) log(`Applied migration ${migration.name}`)
  await migrateJobQueue(dataSource, log)
  const result = await seed(dataSource, options)
  if (result.settingsCreated || result.rolesCreated > 0) {
    log(`Seeded ${result.rolesCreated} role(s)${result.settingsCreated ? ' and the default settings' : ''}`)
  }
}

/** graphile-worker's own schema: it must exist before anything queues a job (src/mail/outbox.ts). */
async function migrateJobQueue(dataSource: DataSource, log: (message: string) => void): Promise<void> {
  await runJobQueueMigrations({
    connectionString: databaseUrl(dataSource),
    logger: new GraphileLogger(() => (level, message) => {
      if (String(level) === 'error' || String(level) === 'warning') log(`graphile-worker: ${message}`)
    }),
  })
}
