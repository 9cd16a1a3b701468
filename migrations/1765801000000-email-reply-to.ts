import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Emails come from a no-reply address (MAIL_FROM), so each one now carries Reply-To: the
 * community's contact address as it was when the email was queued, and a person who replies
 * reaches someone. Emails queued before this have none.
 */
export class EmailReplyTo1765801000000 implements MigrationInterface {
  name = 'EmailReplyTo1765801000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "email_messages"
        ADD COLUMN "reply_to" text NULL,
        ADD CONSTRAINT "email_messages_reply_to_check" CHECK ("reply_to" LIKE '%_@_%' AND "reply_to" !~ '[[:space:]<>,;]')`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" DROP CONSTRAINT "email_messages_reply_to_check", DROP COLUMN "reply_to"`)
  }
}
