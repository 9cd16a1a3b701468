import type { Config } from '../../src/config.ts'
import { startWorker, type BackgroundWorker, type WorkerOptions } from '../../src/jobs/worker.ts'
import { createLogger } from '../../src/logger.ts'
import type { TestDatabase } from './database.ts'

/** The real worker against a test database, polling often so that retries are picked up quickly. */
export function startTestWorker(
  database: TestDatabase,
  config: Config,
  options: Pick<WorkerOptions, 'heartbeatIntervalMs' | 'pollInterval'> = {},
): Promise<BackgroundWorker> {
  return startWorker({
    databaseUrl: database.url,
    dataSource: database.dataSource,
    config,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    pollInterval: 100,
    ...options,
  })
}
