import type { MigrationInterface, QueryRunner } from 'typeorm'

export class Applications1764259200000 implements MigrationInterface {
  name = 'Applications1764259200000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settings" ADD "reference_prefix" text NOT NULL DEFAULT 'APP'`)
    await queryRunner.query(
      `ALTER TABLE "settings" ADD CONSTRAINT "settings_reference_prefix_check" CHECK ("reference_prefix" ~ '^[A-Z]{2,6}$')`,
    )

    await queryRunner.query(`
      CREATE TABLE "applications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "reference" text NOT NULL,
        "submission_key" uuid NOT NULL,
        "status" text NOT NULL DEFAULT 'submitted',
        "version" integer NOT NULL DEFAULT 1,
        "full_name" text,
        "email" text,
        "phone" text,
        "nhs_employed" boolean,
        "organisation" text,
        "job_title" text,
        "career_stage" text,
        "hours_available" text,
        "motivation" text,
        "skills" jsonb NOT NULL DEFAULT '[]',
        "skills_other" text,
        "heard_about" text,
        "consented_at" timestamptz,
        "submitted_at" timestamptz NOT NULL,
        "status_changed_at" timestamptz NOT NULL,
        "erased_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "applications_status_check" CHECK ("status" IN ('submitted', 'in_review', 'shortlisted', 'interview', 'offered', 'accepted', 'onboarding', 'active', 'unsuccessful', 'withdrawn', 'declined')),
        CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "applications_reference_key" ON "applications" ("reference")`)
    await queryRunner.query(`CREATE UNIQUE INDEX "applications_submission_key" ON "applications" ("submission_key")`)
    await queryRunner.query(`CREATE INDEX "applications_email_idx" ON "applications" ("email")`)
    await queryRunner.query(`CREATE INDEX "applications_status_submitted_idx" ON "applications" ("status", "submitted_at")`)

    await queryRunner.query(`
      CREATE TABLE "application_roles" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "application_id" uuid NOT NULL,
        "role_id" uuid NOT NULL,
        "preference" integer NOT NULL,
        "role_title" text NOT NULL,
        "role_version" integer NOT NULL,
        "questions" jsonb NOT NULL DEFAULT '[]',
        "criteria" jsonb NOT NULL DEFAULT '[]',
        "answers" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "application_roles_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "application_roles_application_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "application_roles_role_fkey" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`)
    await queryRunner.query(
      `CREATE UNIQUE INDEX "application_roles_application_role_key" ON "application_roles" ("application_id", "role_id")`,
    )
    await queryRunner.query(
      `CREATE UNIQUE INDEX "application_roles_application_preference_key" ON "application_roles" ("application_id", "preference")`,
    )
    await queryRunner.query(`CREATE INDEX "application_roles_role_idx" ON "application_roles" ("role_id")`)

    await queryRunner.query(`
      CREATE TABLE "equality_responses" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "submitted_month" date NOT NULL,
        "answers" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "equality_responses_pkey" PRIMARY KEY ("id")
      )`)

    await queryRunner.query(`
      CREATE TABLE "application_drafts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" text NOT NULL,
        "email" text NOT NULL,
        "answers" jsonb NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "application_drafts_pkey" PRIMARY KEY ("id")
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "application_drafts_token_hash_key" ON "application_drafts" ("token_hash")`)
    await queryRunner.query(`CREATE INDEX "application_drafts_expires_idx" ON "application_drafts" ("expires_at")`)

    await queryRunner.query(`
      CREATE TABLE "one_time_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" text NOT NULL,
        "purpose" text NOT NULL,
        "email" text NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "one_time_tokens_purpose_check" CHECK ("purpose" IN ('applicant-sign-in')),
        CONSTRAINT "one_time_tokens_pkey" PRIMARY KEY ("id")
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "one_time_tokens_token_hash_key" ON "one_time_tokens" ("token_hash")`)
    await queryRunner.query(`CREATE INDEX "one_time_tokens_email_created_idx" ON "one_time_tokens" ("email", "created_at")`)

    await queryRunner.query(`
      CREATE TABLE "rate_limit_hits" (
        "key" text NOT NULL,
        "hits" integer NOT NULL,
        "reset_at" timestamptz NOT NULL,
        CONSTRAINT "rate_limit_hits_pkey" PRIMARY KEY ("key")
      )`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_hits"`)
    await queryRunner.query(`DROP TABLE "one_time_tokens"`)
    await queryRunner.query(`DROP TABLE "application_drafts"`)
    await queryRunner.query(`DROP TABLE "equality_responses"`)
    await queryRunner.query(`DROP TABLE "application_roles"`)
    await queryRunner.query(`DROP TABLE "applications"`)
    await queryRunner.query(`ALTER TABLE "settings" DROP CONSTRAINT "settings_reference_prefix_check"`)
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "reference_prefix"`)
  }
}
