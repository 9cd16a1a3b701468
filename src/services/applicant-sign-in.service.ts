import type { DataSource } from 'typeorm'
import type { MailService } from '../mail/outbox.ts'
import { createToken, hashToken, isWellFormedToken } from './tokens.ts'

export const SIGN_IN_PURPOSE = 'applicant-sign-in'
/** How long an emailed sign-in link works. */
export const SIGN_IN_LINK_MINUTES = 15
/** How long a sign-in lasts, however active the applicant is. */
export const SIGN_IN_MAX_AGE_MS = 60 * 60 * 1000

/**
 * Emailed one-time links that let an applicant, who has no account, sign in to see their
 * applications. Only a SHA-256 of each token is stored.
 */
export class ApplicantSignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
  ) {}

  /**
   * Emails `email` (lower-cased) in one transaction, doing the same work whether or not any
   * application uses it, so that neither the response nor its timing tells anyone which
   * addresses have applied: a token row and an email every time. The address's owner gets a
   * sign-in link when they have applications, and otherwise an email saying that we have none
   * for this address (and no link), so a person who applied with another address is not left
   * waiting for an email that never comes.
   */
  async sendSignInLink(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const found: { applied: boolean }[] = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM "applications" WHERE "email" = $1 AND "erased_at" IS NULL) AS "applied"`,
        [email],
      )
      const applied = found[0]?.applied === true
      const { token, hash } = createToken()
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO "one_time_tokens" ("token_hash", "purpose", "email", "expires_at")
         VALUES ($1, $2, $3, now() + make_interval(mins => $4))
         RETURNING "id"`,
        [hash, SIGN_IN_PURPOSE, email, SIGN_IN_LINK_MINUTES],
      )
      const tokenId = inserted[0]!.id
      await this.mail.enqueue(manager, {
        key: `applicant-sign-in:${tokenId}`,
        template: applied ? 'applicant-sign-in' : 'applicant-sign-in-no-application',
        to: email,
        // The unknown address's token is never sent: it only keeps the work the same.
        data: applied ? { token, minutes: SIGN_IN_LINK_MINUTES } : { minutes: SIGN_IN_LINK_MINUTES },
      })
    })
  }

  /** Whether the link would still sign someone in. Reads only: a link scanner's GET uses nothing up. */
  async isUsable(token: string): Promise<boolean> {
    if (!isWellFormedToken(token)) return false
    const rows: { usable: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (
         SELECT 1 FROM "one_time_tokens"
         WHERE "token_hash" = $1 AND "purpose" = $2 AND "used_at" IS NULL AND "expires_at" > now()
       ) AS "usable"`,
      [hashToken(token), SIGN_IN_PURPOSE],
    )
    return rows[0]?.usable === true
  }

  /**
   * Uses the token up and returns the address it was sent to, or null when it is malformed,
   * unknown, expired or already used. One statement, so two requests racing cannot both win.
   */
  async redeem(token: string): Promise<string | null> {
    if (!isWellFormedToken(token)) return null
    const [rows]: [{ email: string }[], number] = await this.dataSource.query(
      `UPDATE "one_time_tokens" SET "used_at" = now()
       WHERE "token_hash" = $1 AND "purpose" = $2 AND "used_at" IS NULL AND "expires_at" > now()
       RETURNING "email"`,
      [hashToken(token), SIGN_IN_PURPOSE],
    )
    return rows[0]?.email ?? null
  }
}
