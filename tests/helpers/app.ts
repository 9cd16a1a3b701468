import { after, before } from 'node:test'
import type { Express } from 'express'
import { createApp } from '../../src/app.ts'
import { loadConfig, type Config } from '../../src/config.ts'
import { createLogger, type Logger } from '../../src/logger.ts'
import { rateLimitWritesSettled } from '../../src/middleware/pg-rate-limit-store.ts'
import type { StaffRole } from '../../src/domain/staff-roles.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { createServices, type Services } from '../../src/services/index.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'
import { createStaff } from './staff.ts'

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
    // As the server's stop does: a rate limit's decrement may still be on its way after the last response.
    close: async () => {
      await rateLimitWritesSettled()
      await database.drop()
    },
  }
}

/** A staff account for useTestApp to make: its name (tests often look for it on a page) and roles. */
export interface StaffAccount {
  name: string
  roles: StaffRole[]
}

export interface TestAppOptions<S extends string> {
  /** Settings for the app; a function when they are known only in the before hook (a sink's address once it has started). */
  config?: Partial<Config> | (() => Partial<Config> | Promise<Partial<Config>>)
  /** To read what the app logs (as createTestApp's logger). */
  logger?: Logger
  staff?: Record<S, StaffAccount>
}

/** A test app whose handles are filled in by the before hook; `staff` holds the accounts asked for. */
export type UsedTestApp<S extends string = never> = TestApp & {
  staff: Record<S, StaffUser>
  /**
   * Set-up that needs the app, run by the same before hook once the app is ready, in the order
   * added. (node:test runs a file's top-level before hooks at the same time, not one by one.)
   */
  before(setUp: () => Promise<void> | void): void
  /** Clean-up (a worker, an SMTP sink) to run before the app and its database go, last added first. */
  onClose(cleanUp: () => Promise<void> | void): void
}

/**
 * Registers node:test hooks for a test app on its own database: made (with any staff accounts)
 * before the file's tests, dropped after them. Use the returned object's fields inside tests
 * and hooks, not at the top of the file (they are filled in by the before hook).
 */
export function useTestApp<S extends string = never>(options: TestAppOptions<S> = {}): UsedTestApp<S> {
  const setUps: (() => Promise<void> | void)[] = []
  const cleanUps: (() => Promise<void> | void)[] = []
  // The app, services and database are added by the before hook.
  const handles = {
    staff: {},
    before: (setUp: () => Promise<void> | void) => void setUps.push(setUp),
    onClose: (cleanUp: () => Promise<void> | void) => void cleanUps.push(cleanUp),
  } as unknown as UsedTestApp<S>
  before(async () => {
    const config = typeof options.config === 'function' ? await options.config() : options.config
    Object.assign(handles, await createTestApp(config, options.logger))
    for (const [key, account] of Object.entries<StaffAccount>(options.staff ?? ({} as Record<S, StaffAccount>))) {
      handles.staff[key as S] = await createStaff(handles, account.roles, account.name)
    }
    for (const setUp of setUps) await setUp()
  })
  after(async () => {
    for (const cleanUp of cleanUps.reverse()) await cleanUp()
    await handles.close?.()
  })
  return handles
}
