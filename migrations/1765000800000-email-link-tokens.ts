import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * One-time links are no longer stored in clear: an email's bodies keep a placeholder, and its
 * tokens are kept here, encrypted (AES-256-GCM), until the email is sent. Emails queued before
 * this migration keep their bodies as they were until sent and purged.
 */
export class EmailLinkTokens1765000800000 implements MigrationInterface {
  name = 'EmailLinkTokens1765000800000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" ADD "link_tokens" text`)
    await queryRunner.query(`ALTER TABLE "email_messages" ADD "body_purged_at" timestamptz`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" DROP COLUMN "body_purged_at"`)
    await queryRunner.query(`ALTER TABLE "email_messages" DROP COLUMN "link_tokens"`)
  }
}
