import type { Config } from '../../src/config.ts'
import { startWorker, type BackgroundWorker, type WorkerOptions } from '../../src/jobs/worker.ts'
import { createLogger } from '../../src/logger.ts'
import { testConfig, type UsedTestApp } from './app.ts'
import type { TestDatabase } from './database.ts'
import type { SmtpSink } from './smtp-sink.ts'

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

/** For a test app's before hook: the real worker sending to a running SMTP sink, both stopped when the app closes. */
export async function sendMailTo(t: UsedTestApp, sink: SmtpSink): Promise<void> {
  await sink.start()
  const worker = await startTestWorker(t.database, testConfig({ smtp: { url: sink.url } }))
  t.onClose(async () => {
    await worker.stop()
    await sink.stop()
  })
}
