import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Verifying an NHS email address with a 6-digit code. One live code per application form: only
 * its hash is kept, for 10 minutes and 5 tries, and the row goes once the code is used. The
 * application keeps only the verified domain and when, never the address; the settings keep the
 * list of NHS domains, seeded with nhs.net and nhs.uk.
 */
export class NhsEmailVerification1765216800000 implements MigrationInterface {
  name = 'NhsEmailVerification1765216800000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "nhs_email_codes" (
        "form_id" uuid PRIMARY KEY,
        "email" text NOT NULL,
        "domain" text NOT NULL,
        "code_hash" text NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "expires_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "nhs_email_codes_email_check" CHECK ("email" = lower("email") AND "email" LIKE '%_@_%'),
        CONSTRAINT "nhs_email_codes_domain_check" CHECK ("domain" = lower("domain") AND "domain" <> ''),
        CONSTRAINT "nhs_email_codes_code_hash_check" CHECK ("code_hash" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "nhs_email_codes_attempts_check" CHECK ("attempts" BETWEEN 0 AND 5),
        CONSTRAINT "nhs_email_codes_expiry_check" CHECK ("expires_at" > "created_at" AND "expires_at" <= "created_at" + interval '10 minutes')
      )`)
    await queryRunner.query(`CREATE INDEX "nhs_email_codes_expires_at_idx" ON "nhs_email_codes" ("expires_at")`)
    await queryRunner.query(`
      ALTER TABLE "applications"
        ADD COLUMN "nhs_email_verified_domain" text NULL,
        ADD COLUMN "nhs_email_verified_at" timestamptz NULL,
        ADD CONSTRAINT "applications_nhs_email_verified_check" CHECK (
          ("nhs_email_verified_domain" IS NULL) = ("nhs_email_verified_at" IS NULL)
          AND ("nhs_email_verified_domain" IS NULL OR ("nhs_email_verified_domain" = lower("nhs_email_verified_domain") AND "nhs_email_verified_domain" <> ''))
        )`)
    await queryRunner.query(`
      ALTER TABLE "settings"
        ADD COLUMN "nhs_email_domains" text[] NOT NULL DEFAULT '{nhs.net,nhs.uk}',
        ADD CONSTRAINT "settings_nhs_email_domains_check" CHECK (cardinality("nhs_email_domains") BETWEEN 1 AND 50)`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settings" DROP CONSTRAINT "settings_nhs_email_domains_check", DROP COLUMN "nhs_email_domains"`)
    await queryRunner.query(
      `ALTER TABLE "applications" DROP CONSTRAINT "applications_nhs_email_verified_check", DROP COLUMN "nhs_email_verified_at", DROP COLUMN "nhs_email_verified_domain"`,
    )
    await queryRunner.query(`DROP TABLE "nhs_email_codes"`)
  }
}
