import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Extra header fields an email is sent with (List-Unsubscribe and List-Unsubscribe-Post on the
 * emails people can unsubscribe from), kept with it in the outbox. A one-time link in a header is
 * stored redacted, as in the bodies.
 */
export class EmailHeaders1765700000000 implements MigrationInterface {
  name = 'EmailHeaders1765700000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" ADD "headers" jsonb NOT NULL DEFAULT '{}'::jsonb`)
    await queryRunner.query(`ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_headers_check" CHECK (jsonb_typeof("headers") = 'object')`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" DROP COLUMN "headers"`)
  }
}
