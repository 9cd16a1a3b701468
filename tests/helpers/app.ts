import type { Express } from 'express'
import { createApp } from '../../src/app.ts'
import { loadConfig, type Config } from '../../src/config.ts'
import { createLogger, type Logger } from '../../src/logger.ts'
import { createServices, type Services } from '../../src/services/index.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'

export interface TestApp {
  app: Express
  services: Services
  database: TestDatabase
  close(): Promise<void>
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', BASE_URL: 'http://localhost:3000' }), ...overrides }
}

/**
 * The real app on its own real database, with sessions and CSRF on, as in production. Give a
 * logger to read what the app logs (tests/routes/log-privacy.test.ts).
 */
export async function createTestApp(overrides: Partial<Config> = {}, logger?: Logger): Promise<TestApp> {
  const database = await createTestDatabase()
  const config = testConfig(overrides)
  const services = createServices(database.dataSource, config, logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'))
  return {
    app: createApp(services),
    services,
    database,
    close: () => database.drop(),
  }
}
