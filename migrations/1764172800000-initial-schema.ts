import type { MigrationInterface, QueryRunner } from 'typeorm'

export class InitialSchema1764172800000 implements MigrationInterface {
  name = 'InitialSchema1764172800000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "roles" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "title" text NOT NULL,
        "summary" text NOT NULL,
        "responsibilities" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "hours_per_week" integer NOT NULL DEFAULT 2,
        "nhs_employment_preferred" boolean NOT NULL DEFAULT false,
        "skills" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "criteria" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "reading_links" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "questions" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "checklist_template" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "places" integer NOT NULL DEFAULT 1,
        "closes_on" date,
        "status" text NOT NULL DEFAULT 'draft',
        "display_order" integer NOT NULL DEFAULT 0,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "roles_status_check" CHECK ("status" IN ('draft', 'open', 'closed', 'archived')),
        CONSTRAINT "roles_hours_check" CHECK ("hours_per_week" BETWEEN 1 AND 40),
        CONSTRAINT "roles_places_check" CHECK ("places" >= 1),
        CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "roles_slug_key" ON "roles" ("slug")`)

    await queryRunner.query(`
      CREATE TABLE "settings" (
        "id" integer NOT NULL DEFAULT 1,
        "community_name" text NOT NULL,
        "contact_email" text NOT NULL,
        "quorum" integer NOT NULL DEFAULT 2,
        "blind_review" boolean NOT NULL DEFAULT true,
        "reminder_days" integer NOT NULL DEFAULT 7,
        "retention_months" integer NOT NULL DEFAULT 6,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "settings_single_row" CHECK ("id" = 1),
        CONSTRAINT "settings_quorum_check" CHECK ("quorum" BETWEEN 1 AND 20),
        CONSTRAINT "settings_pkey" PRIMARY KEY ("id")
      )`)

    await queryRunner.query(`
      CREATE TABLE "audit_events" (
        "id" bigserial NOT NULL,
        "occurred_at" timestamptz NOT NULL DEFAULT now(),
        "actor_type" text NOT NULL,
        "actor_id" text,
        "action" text NOT NULL,
        "subject_type" text NOT NULL,
        "subject_id" text,
        "from_status" text,
        "to_status" text,
        "note" text,
        CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
      )`)
    await queryRunner.query(`CREATE INDEX "audit_events_subject_idx" ON "audit_events" ("subject_type", "subject_id")`)

    // express-session store (connect-pg-simple); created here so the app never needs DDL rights.
    await queryRunner.query(`
      CREATE TABLE "sessions" (
        "sid" varchar NOT NULL,
        "sess" json NOT NULL,
        "expire" timestamptz NOT NULL,
        CONSTRAINT "sessions_pkey" PRIMARY KEY ("sid")
      )`)
    await queryRunner.query(`CREATE INDEX "sessions_expire_idx" ON "sessions" ("expire")`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sessions"`)
    await queryRunner.query(`DROP TABLE "audit_events"`)
    await queryRunner.query(`DROP TABLE "settings"`)
    await queryRunner.query(`DROP TABLE "roles"`)
  }
}
