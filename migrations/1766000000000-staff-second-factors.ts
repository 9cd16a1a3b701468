import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * A second factor for staff who sign in with a password: an authenticator app (TOTP), whose
 * secret is kept encrypted (AES-256-GCM, DATA_ENCRYPTION_KEY), never in clear, with the last time
 * step used so that each code works once; and ten one-time recovery codes, kept as SHA-256
 * hashes. The settings gain the policy "staff must use SSO or a second factor" (null until the
 * first start after this migration has seeded it: on in production) and the words of the
 * single sign-on button.
 */
export class StaffSecondFactors1766000000000 implements MigrationInterface {
  name = 'StaffSecondFactors1766000000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "staff_second_factors" (
        "staff_user_id" uuid NOT NULL,
        "kind" text NOT NULL DEFAULT 'totp',
        "secret_ciphertext" text NOT NULL,
        "last_time_step" bigint,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "staff_second_factors_pkey" PRIMARY KEY ("staff_user_id"),
        CONSTRAINT "staff_second_factors_kind_check" CHECK ("kind" IN ('totp')),
        CONSTRAINT "staff_second_factors_secret_ciphertext_check" CHECK ("secret_ciphertext" ~ '^[A-Za-z0-9_-]{40,}$'),
        CONSTRAINT "staff_second_factors_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`)
    await queryRunner.query(`
      CREATE TABLE "staff_recovery_codes" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "staff_user_id" uuid NOT NULL,
        "code_hash" text NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "staff_recovery_codes_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "staff_recovery_codes_code_hash_check" CHECK ("code_hash" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "staff_recovery_codes_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_recovery_codes_staff_user_code_key" ON "staff_recovery_codes" ("staff_user_id", "code_hash")`)
    await queryRunner.query(`
      ALTER TABLE "settings"
        ADD COLUMN "staff_second_factor_required" boolean NULL,
        ADD COLUMN "sso_button_text" text NOT NULL DEFAULT 'Sign in with your NHS account',
        ADD CONSTRAINT "settings_sso_button_text_check" CHECK (char_length("sso_button_text") BETWEEN 1 AND 60)`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "settings" DROP CONSTRAINT "settings_sso_button_text_check", DROP COLUMN "sso_button_text", DROP COLUMN "staff_second_factor_required"`,
    )
    await queryRunner.query(`DROP TABLE "staff_recovery_codes"`)
    await queryRunner.query(`DROP TABLE "staff_second_factors"`)
  }
}
