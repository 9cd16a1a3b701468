import type { MigrationInterface, QueryRunner } from 'typeorm'

export class EmailOutbox1764302400000 implements MigrationInterface {
  name = 'EmailOutbox1764302400000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "email_messages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "key" text NOT NULL,
        "template" text NOT NULL,
        "recipient" text NOT NULL,
        "subject" text NOT NULL,
        "html" text NOT NULL,
        "text_body" text NOT NULL,
        "status" text NOT NULL DEFAULT 'queued',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        CONSTRAINT "email_messages_status_check" CHECK ("status" IN ('queued', 'sending', 'sent', 'failed')),
        CONSTRAINT "email_messages_attempts_check" CHECK ("attempts" >= 0),
        CONSTRAINT "email_messages_pkey" PRIMARY KEY ("id")
      )`)
    // Unique: enqueueing uses ON CONFLICT ("key") DO NOTHING, so a repeated key never queues twice.
    await queryRunner.query(`CREATE UNIQUE INDEX "email_messages_key_key" ON "email_messages" ("key")`)
    await queryRunner.query(`CREATE INDEX "email_messages_created_at_idx" ON "email_messages" ("created_at")`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "email_messages"`)
  }
}
