import { createHash } from 'node:crypto'
import type { PoolClient, QueryConfig } from 'pg'
import { QueryFailedError, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm'

/**
 * Runs `sql` as a named prepared statement on the manager's connection (its transaction's, or
 * one taken from the pool for this statement). PostgreSQL keeps each connection's prepared
 * statements, so a statement sent again on it is not parsed again, and after five runs
 * PostgreSQL keeps one generic plan for it when that plan looks no costlier than planning for
 * each set of values. For the board's queue page, planning had been two thirds of the
 * database's time: 2.4 ms of planning against 1.2 ms of execution at 10,000 applications.
 *
 * So that the generic plan is a good one, write the code's own constants into the text
 * (`sqlConstant`), and leave out the conditions a value would switch off (`$1 IS NULL OR ...`)
 * rather than sending a null. (Forcing generic plans for the whole connection, plan_cache_mode,
 * was tried: it also forced them on the triggers' PL/pgSQL, and submits lost a fifth of their rate.)
 *
 * For statements run on every request with a fixed text (the values differ, the shape does not):
 * each distinct text is one prepared statement on every connection that runs it. TypeORM has no
 * prepared statements of its own, so this takes node-postgres's client from TypeORM's query
 * runner. It needs a direct connection or a session pool: a pooler in transaction mode (PgBouncer
 * before 1.21) cannot hold prepared statements.
 */
export async function queryPrepared<Row>(db: EntityManager, sql: string, values: unknown[]): Promise<Row[]> {
  const runner = db.queryRunner ?? db.connection.createQueryRunner()
  try {
    const client = (await runner.connect()) as PoolClient
    try {
      const result = await client.query<Row & object>(preparedStatement(sql, values))
      return result.rows
    } catch (error) {
      // As TypeORM's own queries fail, so that a caller's check of the constraint, and the log, are the same.
      throw error instanceof Error && !(error instanceof QueryFailedError) ? new QueryFailedError(sql, values, error) : error
    }
  } finally {
    if (!db.queryRunner) await runner.release()
  }
}

/**
 * Reads the entity's rows that `where` selects (`WHERE "id" = $1`) as a prepared statement, and
 * makes them into entities as TypeORM's own reads do: each column's value through the driver's
 * hydration (a date column as 'YYYY-MM-DD', and so on). For the reads made on every request,
 * where TypeORM built the same statement again each time. The columns are named from the
 * entity, never `*`: a prepared `SELECT *` fails ("cached plan must not change result type") on
 * every connection that holds it once a migration adds a column, as one instance's migration
 * would under the others still running.
 */
export async function entitiesPrepared<Entity extends ObjectLiteral>(db: EntityManager, target: EntityTarget<Entity>, where: string, values: unknown[]): Promise<Entity[]> {
  const metadata = db.connection.getMetadata(target)
  const columns = metadata.columns.map((column) => `"${column.databaseName}"`).join(', ')
  const rows = await queryPrepared<Record<string, unknown>>(db, `SELECT ${columns} FROM "${metadata.tableName}" ${where}`, values)
  return rows.map((row) => {
    const entity = metadata.create() as Entity
    for (const column of metadata.columns) column.setEntityValue(entity, db.connection.driver.prepareHydratedValue(row[column.databaseName], column))
    return entity
  })
}

/** `sql` as node-postgres's named prepared statement, for a client of node-postgres's own (e.g. graphile-worker's). */
export function preparedStatement(sql: string, values: unknown[]): QueryConfig {
  return { name: statementName(sql), text: sql, values }
}

const names = new Map<string, string>()

/** The same name for the same text on every connection and instance. */
function statementName(sql: string): string {
  let name = names.get(sql)
  if (!name) {
    name = `q_${createHash('sha256').update(sql).digest('base64url').slice(0, 22)}`
    names.set(sql, name)
  }
  return name
}

/**
 * A constant of the code's own (a boolean, a whole number, or a list of status names), written
 * into the statement rather than sent as a parameter: the planner then simplifies by it (a
 * `NOT false OR ...` goes away), and a generic plan knows it: PostgreSQL then keeps one plan for
 * the statement where it would plan it again for each set of values. Never for what a person sent.
 */
export function sqlConstant(value: boolean | number | readonly string[]): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`Not a whole number: ${value}`)
    return String(value)
  }
  if (!value.every((item) => /^[a-z_-]+$/.test(item))) throw new Error('Only names of lower-case letters, hyphens and underscores are written into a statement')
  return `ARRAY[${value.map((item) => `'${item}'`).join(', ')}]::text[]`
}
