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
  return { name, drop: () => dropDatabase(name) }
}

/**
 * Copies of the template made for this test process before it started (TEST_PREPARED_DATABASE,
 * comma-separated: one for each of its files that uses a database), one each time one is asked
 * for; the run drops any that a file did not.
 */
const prepared = (process.env.TEST_PREPARED_DATABASE ?? '').split(',').filter(Boolean)
function takePreparedDatabase(): string | undefined {
  return prepared.shift()
}

/** Makes a copy of the template database and returns its name; `drop` removes a database. */
export async function copyTemplateDatabase(template: string): Promise<string> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`
  await withAdmin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`))
  return name
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}

/**
 * A new, migrated and seeded database for one test file; drop() removes it. A copy of the run's
 * template (TEST_TEMPLATE_DATABASE) when there is one, else migrated and seeded here.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.TEST_TEMPLATE_DATABASE
  // The run makes each file's first copy while other files run (scripts/run-tests.ts).
  const copy = template ? takePreparedDatabase() : undefined
  const name = copy ?? `test_${process.pid}_${randomBytes(4).toString('hex')}`
  if (!copy) await withAdmin((client) => client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`))
  const dataSource = template ? await new DataSource(dataSourceOptions(urlOf(name))).initialize() : await migrated(name)
  return {
    url: urlOf(name),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy()
      await dropDatabase(name)
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
 * As TRUNCATE ... CASCADE would, it also empties any table that refers to one it empties. It
 * deletes rather than truncates: these tables hold a few rows, and DELETE takes a millisecond
 * where TRUNCATE, which makes new files for every table and index, takes half a second.
 */
export async function truncateData(dataSource: DataSource, options: { keep?: string[] } = {}): Promise<void> {
  const kept = new Set([...REFERENCE_TABLES, ...(options.keep ?? [])])
  const { tables, references } = await publicSchema(dataSource)
  const emptied = new Set(tables.filter((table) => !kept.has(table)))
  // The tables that refer to an emptied table are emptied too (CASCADE's rule).
  for (let grew = true; grew; ) {
    grew = false
    for (const { from, to } of references) {
      if (emptied.has(to) && !emptied.has(from)) {
        emptied.add(from)
        grew = true
      }
    }
  }
  // Referring tables first, so that no foreign key is ever broken; a cycle falls back to TRUNCATE.
  const order: string[] = []
  const left = new Set(emptied)
  while (left.size > 0) {
    const ready = [...left].filter((table) => !references.some(({ from, to }) => to === table && from !== table && left.has(from)))
    if (ready.length === 0) {
      await dataSource.query(`TRUNCATE ${[...emptied].map((table) => `"${table}"`).join(', ')} CASCADE`)
      return
    }
    for (const table of ready) {
      order.push(table)
      left.delete(table)
    }
  }
  // Twice: a trigger that keeps one table from another (counts, say) may write while the first
  // pass deletes; the second pass deletes nothing that fires it again.
  const deletes = order.map((table) => `DELETE FROM "${table}";`).join('\n')
  await dataSource.query(`${deletes}\n${deletes}`)
}

/** The public schema's tables and foreign keys, read once per database. */
const schemas = new WeakMap<DataSource, Promise<{ tables: string[]; references: { from: string; to: string }[] }>>()
function publicSchema(dataSource: DataSource) {
  let schema = schemas.get(dataSource)
  if (!schema) {
    schema = (async () => {
      const tables: { table_name: string }[] = await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
      const references: { from: string; to: string }[] = await dataSource.query(
        `SELECT child.relname AS "from", parent.relname AS "to"
           FROM pg_constraint c
           JOIN pg_class child ON child.oid = c.conrelid
           JOIN pg_class parent ON parent.oid = c.confrelid
          WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
      )
      return { tables: tables.map((row) => row.table_name), references }
    })()
    schemas.set(dataSource, schema)
  }
  return schema
}

/**
 * Runs `work` on a DataSource of one connection to `url`, then closes it: for checks of what a
 * connection keeps (its prepared statements and their plans), which a pool spreads over several.
 */
export async function withOneConnection<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const options = dataSourceOptions(url)
  const own = await new DataSource({ ...options, extra: { ...options.extra, max: 1 } }).initialize()
  try {
    return await work(own)
  } finally {
    await own.destroy()
  }
}
