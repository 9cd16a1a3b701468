import { createHash } from 'node:crypto'
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit'
import type { EntityManager } from 'typeorm'
import { queryPrepared } from '../db/prepared.ts'

/** How a key sits in the table: a SHA-256, never the address or IP as typed. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/**
 * Decrements still being written. express-rate-limit takes a hit back (skipSuccessfulRequests)
 * once the response has finished, so a stop that has drained every request can still find one
 * on its way: the stop waits for them (rateLimitWritesSettled) before it closes the pools.
 */
const pendingDecrements = new Set<Promise<void>>()

/** Resolves once every decrement begun so far has been written (or has failed). */
export async function rateLimitWritesSettled(): Promise<void> {
  await Promise.allSettled([...pendingDecrements])
}

interface HitRow {
  hits: number
  reset_at: Date
}

/**
 * An express-rate-limit Store on the `rate_limit_hits` table, so that every instance of the app
 * shares one count per key (a fixed window per key: `hits` until `reset_at`).
 *
 * Keys are stored as `<prefix><SHA-256 of the key>`: limiters key on email addresses and IP
 * addresses, and neither should sit in the table as typed. Give each limiter its own prefix (and
 * its own instance: express-rate-limit refuses a store shared by two limiters).
 */
export class PgRateLimitStore implements Store {
  readonly localKeys = false
  readonly prefix: string
  private windowMs = 60_000

  constructor(
    private readonly db: EntityManager,
    options: { prefix: string; windowMs?: number },
  ) {
    if (!/^[a-z0-9:_-]+$/.test(options.prefix)) throw new Error(`Not a plain rate limit prefix: "${options.prefix}"`)
    this.prefix = options.prefix
    if (options.windowMs) this.windowMs = options.windowMs
  }

  init(options: Options): void {
    this.windowMs = options.windowMs
  }

  private storedKey(key: string): string {
    return `${this.prefix}${hashKey(key)}`
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const rows = await queryPrepared<HitRow>(
      this.db,
      `SELECT "hits", "reset_at" FROM "rate_limit_hits" WHERE "key" = $1 AND "reset_at" > now()`,
      [this.storedKey(key)],
    )
    const row = rows[0]
    return row ? { totalHits: row.hits, resetTime: new Date(row.reset_at) } : undefined
  }

  /**
   * One atomic upsert: a new key, or a key whose window has ended, starts again at 1. Prepared, as
   * is get(): every limited request runs it (a submit runs two), and a prepared one cost the
   * database and the app about a third less than one parsed and planned each time.
   */
  async increment(key: string): Promise<IncrementResponse> {
    const rows = await queryPrepared<HitRow>(
      this.db,
      `INSERT INTO "rate_limit_hits" AS "hit" ("key", "hits", "reset_at")
       VALUES ($1, 1, now() + $2::double precision * interval '1 millisecond')
       ON CONFLICT ("key") DO UPDATE SET
         "hits" = CASE WHEN "hit"."reset_at" <= now() THEN 1 ELSE "hit"."hits" + 1 END,
         "reset_at" = CASE WHEN "hit"."reset_at" <= now() THEN excluded."reset_at" ELSE "hit"."reset_at" END
       RETURNING "hits", "reset_at"`,
      [this.storedKey(key), this.windowMs],
    )
    const row = rows[0]
    if (!row) throw new Error('The rate limit count was not stored')
    return { totalHits: row.hits, resetTime: new Date(row.reset_at) }
  }

  async decrement(key: string): Promise<void> {
    const written: Promise<void> = this.db
      .query(`UPDATE "rate_limit_hits" SET "hits" = GREATEST("hits" - 1, 0) WHERE "key" = $1 AND "reset_at" > now()`, [this.storedKey(key)])
      .then(() => {})
    pendingDecrements.add(written)
    try {
      await written
    } finally {
      pendingDecrements.delete(written)
    }
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query(`DELETE FROM "rate_limit_hits" WHERE "key" = $1`, [this.storedKey(key)])
  }

  async resetAll(): Promise<void> {
    await this.db.query(`DELETE FROM "rate_limit_hits" WHERE starts_with("key", $1)`, [this.prefix])
  }

  /** Removes this limiter's ended windows; for a scheduled clean-up job. */
  async pruneExpired(): Promise<void> {
    await this.db.query(`DELETE FROM "rate_limit_hits" WHERE starts_with("key", $1) AND "reset_at" <= now()`, [this.prefix])
  }
}
