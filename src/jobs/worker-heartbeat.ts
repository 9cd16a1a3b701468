import type pg from 'pg'
import type { Logger } from '../logger.ts'

// Any fixed number of our own (see MIGRATION_LOCK in src/db/migrate.ts): one sweep at a time.
const SWEEP_LOCK = 7_341_120_420

export interface SweepOptions {
  /** A worker whose heartbeat is older than this is dead. */
  lockTimeoutSeconds: number
  /** The sweeping worker's own pool, never taken for dead by itself. */
  ownPoolId?: string
}

export interface SweepResult {
  /** False when another worker was sweeping at that moment: it does the work instead. */
  swept: boolean
  /** Pools taken for dead: their heartbeat rows are gone and their jobs unlocked. */
  deadPools: string[]
}

/** Beating four times per timeout, a live worker misses three beats before it looks dead. */
export function defaultHeartbeatIntervalMs(lockTimeoutSeconds: number): number {
  return (lockTimeoutSeconds * 1000) / 4
}

/**
 * Frees the jobs of workers that died without stopping (a crash, kill -9, a lost host), which
 * graphile-worker alone would leave locked for 4 hours. Dead means: a heartbeat row not
 * refreshed for lockTimeoutSeconds, or no row at all while holding a job locked for longer than
 * that (a worker whose row was already removed, or one that predates heartbeats). Their jobs run
 * again, on whichever worker takes them next.
 *
 * Safe to call from every worker at once: the sweeps take turns under an advisory lock, and one
 * that finds another in progress does nothing.
 */
export async function sweepDeadWorkers(pool: pg.Pool, { lockTimeoutSeconds, ownPoolId = '' }: SweepOptions): Promise<SweepResult> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS "locked"', [SWEEP_LOCK])
    if (!lock.rows[0]?.locked) {
      await client.query('ROLLBACK')
      return { swept: false, deadPools: [] }
    }
    const stale = await client.query<{ pool_id: string }>(
      `DELETE FROM "worker_heartbeats"
       WHERE "beat_at" < now() - make_interval(secs => $1) AND "pool_id" <> $2
       RETURNING "pool_id"`,
      [lockTimeoutSeconds, ownPoolId],
    )
    const unknown = await client.query<{ pool_id: string }>(
      `SELECT DISTINCT jobs."locked_by" AS "pool_id"
       FROM graphile_worker.jobs AS jobs
       WHERE jobs."locked_by" IS NOT NULL AND jobs."locked_by" <> $2
         AND jobs."locked_at" < now() - make_interval(secs => $1)
         AND NOT EXISTS (SELECT 1 FROM "worker_heartbeats" AS beats WHERE beats."pool_id" = jobs."locked_by")`,
      [lockTimeoutSeconds, ownPoolId],
    )
    const deadPools = [...new Set([...stale.rows, ...unknown.rows].map((row) => row.pool_id))].sort()
    // graphile-worker's own function: unlocks the pools' jobs and job queues.
    if (deadPools.length > 0) await client.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [deadPools])
    await client.query('COMMIT')
    return { swept: true, deadPools }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

export interface HeartbeatOptions {
  pool: pg.Pool
  /** The graphile-worker pool id, as written to its jobs' locked_by. */
  poolId: string
  intervalMs: number
  lockTimeoutSeconds: number
  logger: Logger
}

export interface Heartbeat {
  /** The graphile-worker pool this heartbeat is for. */
  poolId: string
  /** Stops beating and sweeping, and removes this worker's row: it stopped cleanly. */
  stop(): Promise<void>
}

/**
 * Records this worker's row, then refreshes it every intervalMs and sweeps for dead workers on
 * the same beat. Rejects if the first beat fails (e.g. the migration that makes the table has
 * not run), so that a worker that would look dead to the others does not start.
 */
export async function startHeartbeat({ pool, poolId, intervalMs, lockTimeoutSeconds, logger }: HeartbeatOptions): Promise<Heartbeat> {
  let beaten = false
  async function beat(): Promise<void> {
    const updated = await pool.query(`UPDATE "worker_heartbeats" SET "beat_at" = now() WHERE "pool_id" = $1`, [poolId])
    if (updated.rowCount === 0) {
      // Too long without a beat (a blocked process, a lost database): another worker took this
      // one for dead and freed its jobs. It carries on; a job it was running may run twice.
      if (beaten) logger.warn({ poolId }, 'This worker was taken for dead by another; recording it again')
      await pool.query(
        `INSERT INTO "worker_heartbeats" ("pool_id") VALUES ($1) ON CONFLICT ("pool_id") DO UPDATE SET "beat_at" = now()`,
        [poolId],
      )
    }
    beaten = true
  }

  async function tick(): Promise<void> {
    try {
      await beat()
      const { deadPools } = await sweepDeadWorkers(pool, { lockTimeoutSeconds, ownPoolId: poolId })
      if (deadPools.length > 0) {
        // The freed jobs are taken at the next poll, here or by another worker.
        logger.warn({ pools: deadPools }, 'Freed the jobs of workers that stopped without shutting down; they will run again')
      }
    } catch (error) {
      logger.warn({ err: error }, 'Worker heartbeat failed; trying again at the next beat')
    }
  }

  await beat()
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | null = null
  // A new timeout after each tick ends, so that a slow database never stacks ticks up.
  const schedule = (delayMs: number): void => {
    timer = setTimeout(() => {
      running = tick().finally(() => {
        if (!stopped) schedule(intervalMs)
      })
    }, delayMs)
    // The heartbeat alone must not keep a stopped process alive.
    timer.unref()
  }
  // The first sweep at once: a worker starting after a crash frees the dead one's jobs soonest.
  schedule(0)

  return {
    poolId,
    async stop() {
      if (stopped) return
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      await pool.query(`DELETE FROM "worker_heartbeats" WHERE "pool_id" = $1`, [poolId]).catch((error: unknown) => {
        logger.warn({ err: error }, 'Could not remove the worker heartbeat; another worker will sweep it')
      })
    },
  }
}
