import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Interest that waits: registrations (an address, the roles it cares about or any role, and when
 * it agreed and confirmed), the unsubscribe links emailed to each (only SHA-256 hashes), and which
 * role openings each has been emailed about, so that nobody is emailed twice for one opening.
 * Everything about a registration goes with it (ON DELETE CASCADE): unsubscribing deletes it.
 */
export class InterestRegistrations1765701000000 implements MigrationInterface {
  name = 'InterestRegistrations1765701000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "interest_registrations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "any_role" boolean NOT NULL DEFAULT false,
        "status" text NOT NULL DEFAULT 'pending',
        "confirm_token_hash" text,
        "consented_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "confirmed_at" timestamptz,
        CONSTRAINT "interest_registrations_status_check" CHECK ("status" IN ('pending', 'confirmed')),
        -- Waiting for confirmation (a link's hash), or confirmed (when): never both, never neither.
        CONSTRAINT "interest_registrations_confirmation_check" CHECK (("confirmed_at" IS NULL) <> ("confirm_token_hash" IS NULL)),
        CONSTRAINT "interest_registrations_pkey" PRIMARY KEY ("id")
      )`)
    // One confirmed registration per address: confirming a new one replaces the old.
    await queryRunner.query(`CREATE UNIQUE INDEX "interest_registrations_confirmed_email_key" ON "interest_registrations" ("email") WHERE "status" = 'confirmed'`)
    await queryRunner.query(`CREATE UNIQUE INDEX "interest_registrations_confirm_token_hash_key" ON "interest_registrations" ("confirm_token_hash")`)
    await queryRunner.query(`CREATE INDEX "interest_registrations_email_idx" ON "interest_registrations" ("email")`)

    await queryRunner.query(`
      CREATE TABLE "interest_registration_roles" (
        "registration_id" uuid NOT NULL,
        "role_id" uuid NOT NULL,
        CONSTRAINT "interest_registration_roles_pkey" PRIMARY KEY ("registration_id", "role_id"),
        CONSTRAINT "interest_registration_roles_registration_fkey" FOREIGN KEY ("registration_id") REFERENCES "interest_registrations" ("id") ON DELETE CASCADE,
        CONSTRAINT "interest_registration_roles_role_fkey" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE
      )`)
    await queryRunner.query(`CREATE INDEX "interest_registration_roles_role_idx" ON "interest_registration_roles" ("role_id")`)

    await queryRunner.query(`
      CREATE TABLE "interest_unsubscribe_links" (
        "token_hash" text NOT NULL,
        "registration_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "interest_unsubscribe_links_pkey" PRIMARY KEY ("token_hash"),
        CONSTRAINT "interest_unsubscribe_links_registration_fkey" FOREIGN KEY ("registration_id") REFERENCES "interest_registrations" ("id") ON DELETE CASCADE
      )`)
    await queryRunner.query(`CREATE INDEX "interest_unsubscribe_links_registration_idx" ON "interest_unsubscribe_links" ("registration_id")`)

    await queryRunner.query(`
      CREATE TABLE "interest_notifications" (
        "registration_id" uuid NOT NULL,
        "role_id" uuid NOT NULL,
        "role_version" integer NOT NULL,
        "notified_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "interest_notifications_pkey" PRIMARY KEY ("registration_id", "role_id", "role_version"),
        CONSTRAINT "interest_notifications_registration_fkey" FOREIGN KEY ("registration_id") REFERENCES "interest_registrations" ("id") ON DELETE CASCADE,
        CONSTRAINT "interest_notifications_role_fkey" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE
      )`)
    await queryRunner.query(`CREATE INDEX "interest_notifications_role_idx" ON "interest_notifications" ("role_id", "notified_at")`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "interest_notifications"`)
    await queryRunner.query(`DROP TABLE "interest_unsubscribe_links"`)
    await queryRunner.query(`DROP TABLE "interest_registration_roles"`)
    await queryRunner.query(`DROP TABLE "interest_registrations"`)
  }
}
