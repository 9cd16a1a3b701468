import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * An application's answers are kept in its draft as each page is sent, not only in the session,
 * so an ended session loses nothing. The browser finds its draft by a random key in a cookie of
 * its own (only the key's hash is here); "Save and come back later" adds an emailed one-time
 * link (token_hash, until link_expires_at) that moves the draft to another device. A draft is
 * kept 7 days after it last changed (expires_at), and must stay reachable by a key or a link.
 * Drafts saved before this migration keep their link for as long as they are kept.
 */
export class DraftsKeptAsTyped1765400000000 implements MigrationInterface {
  name = 'DraftsKeptAsTyped1765400000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "application_drafts"
        ADD COLUMN "form_id" uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN "key_hash" text NULL,
        ADD COLUMN "pages_done" text[] NOT NULL DEFAULT '{}',
        ADD COLUMN "link_expires_at" timestamptz NULL,
        ADD COLUMN "updated_at" timestamptz NOT NULL DEFAULT now(),
        ALTER COLUMN "token_hash" DROP NOT NULL,
        ALTER COLUMN "email" DROP NOT NULL`)
    await queryRunner.query(`UPDATE "application_drafts" SET "link_expires_at" = "expires_at"`)
    await queryRunner.query(`
      ALTER TABLE "application_drafts"
        ADD CONSTRAINT "application_drafts_key_hash_check" CHECK ("key_hash" IS NULL OR "key_hash" ~ '^[0-9a-f]{64}$'),
        ADD CONSTRAINT "application_drafts_reachable_check" CHECK ("key_hash" IS NOT NULL OR "token_hash" IS NOT NULL),
        ADD CONSTRAINT "application_drafts_link_check" CHECK ("link_expires_at" IS NULL OR "token_hash" IS NOT NULL),
        ADD CONSTRAINT "application_drafts_link_email_check" CHECK ("token_hash" IS NULL OR "email" IS NOT NULL),
        ADD CONSTRAINT "application_drafts_answers_check" CHECK (jsonb_typeof("answers") = 'object')`)
    await queryRunner.query(`CREATE UNIQUE INDEX "application_drafts_key_hash_key" ON "application_drafts" ("key_hash")`)
    await queryRunner.query(`CREATE UNIQUE INDEX "application_drafts_form_id_key" ON "application_drafts" ("form_id")`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Drafts that never had "Save and come back later" have no link and no address to keep.
    await queryRunner.query(`DELETE FROM "application_drafts" WHERE "token_hash" IS NULL OR "email" IS NULL`)
    await queryRunner.query(`DROP INDEX "application_drafts_form_id_key"`)
    await queryRunner.query(`DROP INDEX "application_drafts_key_hash_key"`)
    await queryRunner.query(`
      ALTER TABLE "application_drafts"
        DROP CONSTRAINT "application_drafts_answers_check",
        DROP CONSTRAINT "application_drafts_link_email_check",
        DROP CONSTRAINT "application_drafts_link_check",
        DROP CONSTRAINT "application_drafts_reachable_check",
        DROP CONSTRAINT "application_drafts_key_hash_check",
        ALTER COLUMN "email" SET NOT NULL,
        ALTER COLUMN "token_hash" SET NOT NULL,
        DROP COLUMN "updated_at",
        DROP COLUMN "link_expires_at",
        DROP COLUMN "pages_done",
        DROP COLUMN "key_hash",
        DROP COLUMN "form_id"`)
  }
}
