import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { DataSource } from 'typeorm'
import 'reflect-metadata'
import { dataSourceOptions } from '../../src/db/options.ts'
import { migrateAndSeed } from '../../src/db/migrate.ts'

export interface TestDatabase {
  url: string
  dataSource: DataSource
  drop(): Promise<void>
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (!url) throw new Error('Run the tests with npm test (it provides TEST_DATABASE_URL)')
  return url
}

function urlOf(name: string): string {
  const url = new URL(adminUrl())
  url.pathname = `/${name}`
  return url.toString()
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

async function migrated(name: string): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(urlOf(name)))
  await dataSource.initialize()
  await migrateAndSeed(dataSource, () => {})
  return dataSource
}

/**
 * A migrated and seeded database for the whole run (scripts/run-tests.ts makes it once): each
 * test file's database is a copy of it, which is much quicker than migrating each one.
 */
export async function createTemplateDatabase(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `test_template_${process.pid}_${randomBytes(4).toString('hex')}`
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`))
  // Nobody may be connected to a template while it is copied.
  await (await migrated(name)).destroy()
  return { name, drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}) }
}

/**
 * A new, migrated and seeded database for one test file; drop() removes it. A copy of the run's
 * template (TEST_TEMPLATE_DATABASE) when there is one, else migrated and seeded here.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`
  const template = process.env.TEST_TEMPLATE_DATABASE
  await withAdmin((client) => client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`))
  const dataSource = template ? await new DataSource(dataSourceOptions(urlOf(name))).initialize() : await migrated(name)
  return {
    url: urlOf(name),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy()
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}

/**
 * Tables truncateData never empties: seeded reference data and the migrations' own records. Roles
 * belong to a recruitment round (roles.round_id), so the rounds are kept with them.
 */
const REFERENCE_TABLES = ['recruitment_rounds', 'roles', 'settings', 'typeorm_migrations', 'worker_heartbeats']

/**
 * Empties every table of the app's own data (the public schema, read from the database), except
 * the seeded reference data and any table named in `keep`. The job queue's schema is left alone.
 */
export async function truncateData(dataSource: DataSource, options: { keep?: string[] } = {}): Promise<void> {
  const kept = new Set([...REFERENCE_TABLES, ...(options.keep ?? [])])
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )
  const tables = rows.map((row) => row.table_name).filter((table) => !kept.has(table))
  await dataSource.query(`TRUNCATE ${tables.map((table) => `"${table}"`).join(', ')} CASCADE`)
}
