import 'reflect-metadata'
import path from 'node:path'
import { DataSource } from 'typeorm'
import type { Config } from '../config.ts'
import { dataSourceOptions } from './options.ts'
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts'

export const EMBEDDED_DATABASE_NAME = 'volunteer_roles'

export interface Database {
  dataSource: DataSource
  url: string
  /** Closes the pool, then stops the embedded server if there is one. */
  close(): Promise<void>
}

/**
 * Connects to DATABASE_URL, or when it is unset runs the embedded PostgreSQL under .data/.
 * Does not migrate: callers decide (the server does, on start).
 */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null
  let url = config.database.url
  if (!url) {
    const dir = path.join(config.dataDir, 'postgres')
    embedded = await startEmbeddedPostgres(dir, log)
    await embedded.createDatabaseIfMissing(EMBEDDED_DATABASE_NAME)
    url = embedded.urlFor(EMBEDDED_DATABASE_NAME)
    log(`DATABASE_URL is not set: using the embedded PostgreSQL in ${dir} on ${new URL(url).host}`)
  }
  let closing = false
  const dataSource = new DataSource(
    dataSourceOptions(url, (error) => {
      // While closing, connections end anyway; otherwise the error's code only (a message from
      // the server could quote a value).
      if (!closing) log(`A database connection failed (${(error as { code?: string }).code ?? error.name}); the pool replaces it`)
    }),
  )
  try {
    await dataSource.initialize()
  } catch (error) {
    await embedded?.stop()
    throw error
  }
  return {
    dataSource,
    url,
    async close() {
      closing = true
      if (dataSource.isInitialized) await dataSource.destroy()
      await embedded?.stop()
    },
  }
}
