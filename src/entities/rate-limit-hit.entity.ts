import { Column, Entity, PrimaryColumn } from 'typeorm'

/** Fixed-window counters for rate limits, shared by every instance of the app. */
@Entity({ name: 'rate_limit_hits' })
export class RateLimitHit {
  @PrimaryColumn({ type: 'text' })
  key: string

  @Column({ type: 'integer' })
  hits: number

  @Column({ name: 'reset_at', type: 'timestamptz' })
  resetAt: Date
}
