import type { MigrationInterface, QueryRunner } from 'typeorm'

export class Staff1764345600000 implements MigrationInterface {
  name = 'Staff1764345600000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "staff_users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "name" text NOT NULL,
        "password_hash" text,
        "roles" text array NOT NULL DEFAULT '{}',
        "active" boolean NOT NULL DEFAULT true,
        "board_term_starts_on" date,
        "board_term_ends_on" date,
        "new_application_emails" text NOT NULL DEFAULT 'immediate',
        "failed_sign_ins" integer NOT NULL DEFAULT 0,
        "locked_until" timestamptz,
        "last_signed_in_at" timestamptz,
        "password_changed_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "staff_users_roles_check" CHECK ("roles" <@ ARRAY['board-member', 'community-manager', 'admin']::text[]),
        CONSTRAINT "staff_users_new_application_emails_check" CHECK ("new_application_emails" IN ('immediate', 'digest')),
        CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users" ("email")`)

    await queryRunner.query(`
      CREATE TABLE "staff_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" text NOT NULL,
        "purpose" text NOT NULL,
        "staff_user_id" uuid,
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "staff_tokens_purpose_check" CHECK ("purpose" IN ('setup', 'invitation', 'password-reset')),
        CONSTRAINT "staff_tokens_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "staff_tokens_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_tokens_token_hash_key" ON "staff_tokens" ("token_hash")`)
    await queryRunner.query(`CREATE INDEX "staff_tokens_staff_user_idx" ON "staff_tokens" ("staff_user_id")`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "staff_tokens"`)
    await queryRunner.query(`DROP TABLE "staff_users"`)
  }
}
