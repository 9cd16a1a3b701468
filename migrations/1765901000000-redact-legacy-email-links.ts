import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Emails stored before one-time links were sealed (EmailLinkTokens1765000800000) may hold a
 * link's token in clear. Those already sent or given up on have their tokens replaced with the
 * placeholder the email log knows, as newer emails have; the stored copy need not work. One
 * still waiting to go is left to be sent: a migration cannot seal its tokens (the key comes from
 * SESSION_SECRET), and the token it holds stops working within the link's lifetime.
 * The pattern is mail/one-time-links.ts's TOKEN_IN_TEXT, in PostgreSQL's regular expressions.
 */
const TOKEN = `(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`

export class RedactLegacyEmailLinks1765901000000 implements MigrationInterface {
  name = 'RedactLegacyEmailLinks1765901000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "email_messages"
       SET "subject" = regexp_replace("subject", $1, '[one-time-link-1]', 'g'),
           "html" = regexp_replace("html", $1, '[one-time-link-1]', 'g'),
           "text_body" = regexp_replace("text_body", $1, '[one-time-link-1]', 'g')
       WHERE "link_tokens" IS NULL AND "status" IN ('sent', 'failed')
         AND ("subject" ~ $1 OR "html" ~ $1 OR "text_body" ~ $1)`,
      [TOKEN],
    )
  }

  async down(): Promise<void> {
    // The tokens taken out are not kept anywhere, by design.
  }
}
