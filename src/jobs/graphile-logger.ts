// graphile-worker's log lines, routed into the app's logger.
import { Logger as GraphileLogger } from 'graphile-worker'
import { withoutValues, type Logger } from '../logger.ts'

/**
 * Routes graphile-worker's log lines into ours. Its metadata (whole jobs, errors) is left out, and
 * its error and warning lines quote a failed task's error message, so values are taken out of them.
 */
export function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message) => {
    const fields = { worker: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId }
    switch (String(level)) {
      case 'error':
        return logger.error(fields, withoutValues(message))
      case 'warning':
        // The job queue runs more jobs at once than it has connections on purpose (see
        // JOB_CONCURRENCY in worker.ts): a warning at every start that no one can act on is noise.
        if (/^WARNING: having maxPoolSize \(\d+\) smaller than concurrency/.test(message)) return logger.debug(fields, message)
        return logger.warn(fields, withoutValues(message))
      case 'info':
        // A line for every job that succeeded ("Completed task 7 (send_email, 21ms) with success")
        // is one per email sent: debug. Failures are warnings and errors, above.
        return /^Completed task .* with success$/.test(message) ? logger.debug(fields, message) : logger.info(fields, message)
      default:
        return logger.debug(fields, message)
    }
  })
}
