// npm run seed: add the seeded roles and settings that are missing. Running it twice changes nothing.
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { seed } from '../../seeds/seed.ts'

const config = loadConfig()
const database = await openDatabase(config, console.log)
try {
  const result = await seed(database.dataSource, { production: config.isProduction })
  console.log(`Roles added: ${result.rolesCreated}; settings added: ${result.settingsCreated ? 'yes' : 'no'}`)
} finally {
  await database.close()
}
