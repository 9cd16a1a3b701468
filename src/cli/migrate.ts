// npm run migrate: apply pending migrations and missing seed data to DATABASE_URL (or the
// embedded database when it is unset).
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { migrateAndSeed } from '../db/migrate.ts'

const config = loadConfig()
const database = await openDatabase(config, console.log)
try {
  await migrateAndSeed(database.dataSource, console.log, { production: config.isProduction })
  console.log('The database is up to date')
} finally {
  await database.close()
}
