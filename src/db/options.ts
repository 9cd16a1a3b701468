import type { DataSourceOptions } from 'typeorm'
import { entities } from '../entities/index.ts'
import { migrations } from '../../migrations/index.ts'

/**
 * The one definition of the database connection, shared by the app, the CLI and the tests.
 * `onPoolError` hears of an idle connection that failed (e.g. the server restarted); the pool
 * replaces it, and without a listener the process would crash.
 */
export function dataSourceOptions(url: string, onPoolError: (error: Error) => void = () => {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    poolErrorHandler: onPoolError,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    // The schema comes from reviewed migrations only.
    synchronize: false,
    logging: false,
    extra: {
      max: 10,
      connectionTimeoutMillis: 5_000,
      // A stuck query should not hold a request (or a shutdown) forever.
      statement_timeout: 15_000,
      application_name: 'volunteer-roles',
      // No JIT compilation: the queue's statements are estimated as costly (a subquery per row,
      // though most rows never run it), and compiling them took a second where running them
      // took milliseconds. JIT pays only for long analytical queries, which the service has none of.
      options: '-c jit=off',
    },
  }
}
