import { Logger as GraphileLogger, runMigrations as runJobQueueMigrations } from 'graphile-worker'
import type { DataSource } from 'typeorm'
import { seed } from '../../seeds/seed.ts'

/** Runs pending migrations, then adds any missing seed data. Safe to run on every start. */
export async function migrateAndSeed(dataSource: DataSource, log: (message: string) => void): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' })
  for (const migration of applied) log(`Applied migration ${migration.name}`)
  await migrateJobQueue(dataSource, log)
  const result = await seed(dataSource)
  if (result.settingsCreated || result.rolesCreated > 0) {
    log(`Seeded ${result.rolesCreated} role(s)${result.settingsCreated ? ' and the default settings' : ''}`)
  }
}

/** graphile-worker's own schema: it must exist before anything queues a job (src/mail/outbox.ts). */
async function migrateJobQueue(dataSource: DataSource, log: (message: string) => void): Promise<void> {
  const url = 'url' in dataSource.options ? dataSource.options.url : undefined
  if (!url) throw new Error('migrateAndSeed needs a DataSource configured with a url')
  await runJobQueueMigrations({
    connectionString: url,
    logger: new GraphileLogger(() => (level, message) => {
      if (String(level) === 'error' || String(level) === 'warning') log(`graphile-worker: ${message}`)
    }),
  })
}
