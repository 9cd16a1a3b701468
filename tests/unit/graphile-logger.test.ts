// graphile-worker's log lines as the app's logger writes them.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { graphileLogger } from '../../src/jobs/graphile-logger.ts'
import { createLogger } from '../../src/logger.ts'

function capture(): { lines: Record<string, unknown>[]; log: ReturnType<typeof graphileLogger> } {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger('info', { destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } })
  return { lines, log: graphileLogger(logger) }
}

describe('graphile-worker’s log lines', () => {
  it('the start-up warning about more jobs than connections, which is by design, is not a warning', () => {
    const { lines, log } = capture()
    log.warn('WARNING: having maxPoolSize (10) smaller than concurrency (16) may lead to non-optimal performance.', { max: 10, concurrency: 16 })
    assert.deepEqual(lines, [], 'debug, below the info level')
  })

  it('other warnings stay warnings, with the values taken out', () => {
    const { lines, log } = capture()
    log.warn('Failed task 7 (send_email, 21ms) with error: 550 <ann@example.org> unknown')
    assert.equal(lines.length, 1)
    assert.equal(lines[0]!.level, 40)
    assert.doesNotMatch(String(lines[0]!.msg), /ann@example\.org/)
  })

  it('a job that succeeded is a debug line; other information is info', () => {
    const { lines, log } = capture()
    log.info('Completed task 7 (send_email, 21ms) with success')
    log.info('Worker connected and looking for jobs... (task names: send_email)')
    assert.deepEqual(lines.map((line) => line.level), [30])
  })
})
