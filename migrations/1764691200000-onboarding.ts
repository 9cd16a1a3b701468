import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Offers answered by emailed links, executives with their onboarding checklists and terms,
 * executive sign-in links, and the public team page's staff profiles.
 */
export class Onboarding1764691200000 implements MigrationInterface {
  name = 'Onboarding1764691200000'

  async up(queryRunner: QueryRunner): Promise<void> {
    // One accept/decline link per offer. It keeps working after it is answered, to show the answer.
    await queryRunner.query(`
      CREATE TABLE "offer_links" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "application_id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "response" text,
        "responded_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "offer_links_response_check" CHECK ("response" IN ('accepted', 'declined')),
        CONSTRAINT "offer_links_responded_check" CHECK (("response" IS NULL) = ("responded_at" IS NULL)),
        CONSTRAINT "offer_links_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "offer_links_application_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "offer_links_token_hash_key" ON "offer_links" ("token_hash")`)
    await queryRunner.query(`CREATE UNIQUE INDEX "offer_links_application_key" ON "offer_links" ("application_id")`)

    await queryRunner.query(`
      CREATE TABLE "executives" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "application_id" uuid NOT NULL,
        "role_id" uuid NOT NULL,
        "name" text NOT NULL,
        "email" text NOT NULL,
        "organisation" text,
        "starts_on" date NOT NULL,
        "term_ends_on" date NOT NULL,
        "status" text NOT NULL DEFAULT 'onboarding',
        "show_on_team" boolean NOT NULL DEFAULT false,
        "bio" text,
        "handover_notes" text,
        "version" integer NOT NULL DEFAULT 1,
        "term_reminder_sent_at" timestamptz,
        "activated_at" timestamptz,
        "ended_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "executives_status_check" CHECK ("status" IN ('onboarding', 'active', 'ended')),
        CONSTRAINT "executives_term_check" CHECK ("term_ends_on" > "starts_on"),
        CONSTRAINT "executives_bio_check" CHECK (char_length("bio") <= 500),
        CONSTRAINT "executives_organisation_check" CHECK (char_length("organisation") <= 200),
        CONSTRAINT "executives_handover_notes_check" CHECK (char_length("handover_notes") <= 5000),
        CONSTRAINT "executives_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "executives_application_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "executives_role_fkey" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "executives_application_key" ON "executives" ("application_id")`)
    await queryRunner.query(`CREATE INDEX "executives_status_term_idx" ON "executives" ("status", "term_ends_on")`)
    await queryRunner.query(`CREATE INDEX "executives_email_idx" ON "executives" ("email")`)

    await queryRunner.query(`
      CREATE TABLE "onboarding_items" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "executive_id" uuid NOT NULL,
        "key" text,
        "title" text NOT NULL,
        "owner" text NOT NULL,
        "due_on" date NOT NULL,
        "position" integer NOT NULL,
        "done_at" timestamptz,
        "done_by_type" text,
        "done_by_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "onboarding_items_owner_check" CHECK ("owner" IN ('community-manager', 'executive')),
        CONSTRAINT "onboarding_items_done_by_check" CHECK ("done_by_type" IN ('staff', 'executive')),
        CONSTRAINT "onboarding_items_done_check" CHECK (("done_at" IS NULL) = ("done_by_type" IS NULL)),
        CONSTRAINT "onboarding_items_title_check" CHECK (char_length("title") BETWEEN 1 AND 200),
        CONSTRAINT "onboarding_items_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "onboarding_items_executive_fkey" FOREIGN KEY ("executive_id") REFERENCES "executives"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "onboarding_items_executive_position_key" ON "onboarding_items" ("executive_id", "position")`)

    await queryRunner.query(`ALTER TABLE "one_time_tokens" DROP CONSTRAINT "one_time_tokens_purpose_check"`)
    await queryRunner.query(
      `ALTER TABLE "one_time_tokens" ADD CONSTRAINT "one_time_tokens_purpose_check" CHECK ("purpose" IN ('applicant-sign-in', 'executive-sign-in'))`,
    )

    await queryRunner.query(`ALTER TABLE "staff_users" ADD "show_on_team" boolean NOT NULL DEFAULT false`)
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "team_bio" text`)
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "team_organisation" text`)
    await queryRunner.query(`ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_team_bio_check" CHECK (char_length("team_bio") <= 500)`)
    await queryRunner.query(
      `ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_team_organisation_check" CHECK (char_length("team_organisation") <= 200)`,
    )
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_users" DROP CONSTRAINT "staff_users_team_organisation_check"`)
    await queryRunner.query(`ALTER TABLE "staff_users" DROP CONSTRAINT "staff_users_team_bio_check"`)
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "team_organisation"`)
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "team_bio"`)
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "show_on_team"`)
    await queryRunner.query(`DELETE FROM "one_time_tokens" WHERE "purpose" = 'executive-sign-in'`)
    await queryRunner.query(`ALTER TABLE "one_time_tokens" DROP CONSTRAINT "one_time_tokens_purpose_check"`)
    await queryRunner.query(`ALTER TABLE "one_time_tokens" ADD CONSTRAINT "one_time_tokens_purpose_check" CHECK ("purpose" IN ('applicant-sign-in'))`)
    await queryRunner.query(`DROP TABLE "onboarding_items"`)
    await queryRunner.query(`DROP TABLE "executives"`)
    await queryRunner.query(`DROP TABLE "offer_links"`)
  }
}
