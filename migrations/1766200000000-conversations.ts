import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Conversations with applicants. A community manager offers times (conversation_slots, shared:
 * the same time may be offered to several applicants) in a conversation, with how it happens and
 * who from the board joins; the applicant picks one with the conversation's one-time link (only
 * its hash is kept). A time is held by one applicant only: the partial unique index on the booked
 * slot makes the database refuse a second booking of it, however the requests interleave. Board
 * members say which times suit them (conversation_availability); afterwards each staff member who
 * took part records notes and a recommendation (conversation_notes). The outbox gains attachments
 * (the calendar files).
 */
export class Conversations1766200000000 implements MigrationInterface {
  name = 'Conversations1766200000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" ADD COLUMN "attachments" jsonb NOT NULL DEFAULT '[]'`)
    await queryRunner.query(`ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_attachments_check" CHECK (jsonb_typeof("attachments") = 'array')`)

    await queryRunner.query(`
      CREATE TABLE "conversation_slots" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "created_by" uuid NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "conversation_slots_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "staff_users" ("id") ON DELETE SET NULL,
        CONSTRAINT "conversation_slots_time_check" CHECK ("ends_at" > "starts_at" AND "ends_at" - "starts_at" <= interval '4 hours'),
        CONSTRAINT "conversation_slots_time_key" UNIQUE ("starts_at", "ends_at")
      )`)

    await queryRunner.query(`
      CREATE TABLE "conversations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "application_id" uuid NOT NULL,
        "status" text NOT NULL DEFAULT 'offered',
        "how" text NOT NULL,
        "location" text NOT NULL DEFAULT '',
        "note" text NOT NULL DEFAULT '',
        "token_hash" text NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "slot_id" uuid NULL,
        "suggestion" text NULL,
        "cancel_reason" text NULL,
        "sequence" integer NOT NULL DEFAULT 0,
        "version" integer NOT NULL DEFAULT 1,
        "reminded_at" timestamptz NULL,
        "created_by" uuid NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "conversations_application_fkey" FOREIGN KEY ("application_id") REFERENCES "applications" ("id") ON DELETE CASCADE,
        CONSTRAINT "conversations_slot_fkey" FOREIGN KEY ("slot_id") REFERENCES "conversation_slots" ("id") ON DELETE RESTRICT,
        CONSTRAINT "conversations_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "staff_users" ("id") ON DELETE SET NULL,
        CONSTRAINT "conversations_token_hash_key" UNIQUE ("token_hash"),
        CONSTRAINT "conversations_status_check" CHECK ("status" IN ('offered', 'booked', 'none_suit', 'cancelled')),
        CONSTRAINT "conversations_how_check" CHECK ("how" IN ('video', 'phone', 'in_person')),
        CONSTRAINT "conversations_location_check" CHECK ("how" = 'phone' OR char_length("location") BETWEEN 1 AND 500),
        CONSTRAINT "conversations_sequence_check" CHECK ("sequence" >= 0)
      )`)
    // One conversation in progress per application, and one booking per time.
    await queryRunner.query(`CREATE UNIQUE INDEX "conversations_live_application_key" ON "conversations" ("application_id") WHERE "status" IN ('offered', 'booked', 'none_suit')`)
    await queryRunner.query(`CREATE UNIQUE INDEX "conversations_booked_slot_key" ON "conversations" ("slot_id") WHERE "status" = 'booked'`)

    await queryRunner.query(`
      CREATE TABLE "conversation_offered_slots" (
        "conversation_id" uuid NOT NULL,
        "slot_id" uuid NOT NULL,
        PRIMARY KEY ("conversation_id", "slot_id"),
        CONSTRAINT "conversation_offered_slots_conversation_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
        CONSTRAINT "conversation_offered_slots_slot_fkey" FOREIGN KEY ("slot_id") REFERENCES "conversation_slots" ("id") ON DELETE CASCADE
      )`)
    await queryRunner.query(`CREATE INDEX "conversation_offered_slots_slot_idx" ON "conversation_offered_slots" ("slot_id")`)

    await queryRunner.query(`
      CREATE TABLE "conversation_staff" (
        "conversation_id" uuid NOT NULL,
        "staff_user_id" uuid NOT NULL,
        PRIMARY KEY ("conversation_id", "staff_user_id"),
        CONSTRAINT "conversation_staff_conversation_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
        CONSTRAINT "conversation_staff_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users" ("id") ON DELETE CASCADE
      )`)

    await queryRunner.query(`
      CREATE TABLE "conversation_availability" (
        "slot_id" uuid NOT NULL,
        "staff_user_id" uuid NOT NULL,
        "suits" boolean NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("slot_id", "staff_user_id"),
        CONSTRAINT "conversation_availability_slot_fkey" FOREIGN KEY ("slot_id") REFERENCES "conversation_slots" ("id") ON DELETE CASCADE,
        CONSTRAINT "conversation_availability_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users" ("id") ON DELETE CASCADE
      )`)

    await queryRunner.query(`
      CREATE TABLE "conversation_notes" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "conversation_id" uuid NOT NULL,
        "staff_user_id" uuid NOT NULL,
        "notes" text NOT NULL,
        "recommendation" text NOT NULL,
        "submitted_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "conversation_notes_conversation_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
        CONSTRAINT "conversation_notes_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users" ("id") ON DELETE CASCADE,
        CONSTRAINT "conversation_notes_author_key" UNIQUE ("conversation_id", "staff_user_id"),
        CONSTRAINT "conversation_notes_recommendation_check" CHECK ("recommendation" IN ('offer', 'do_not_offer', 'unsure')),
        CONSTRAINT "conversation_notes_notes_check" CHECK (char_length("notes") BETWEEN 1 AND 5000)
      )`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "conversation_notes"`)
    await queryRunner.query(`DROP TABLE "conversation_availability"`)
    await queryRunner.query(`DROP TABLE "conversation_staff"`)
    await queryRunner.query(`DROP TABLE "conversation_offered_slots"`)
    await queryRunner.query(`DROP TABLE "conversations"`)
    await queryRunner.query(`DROP TABLE "conversation_slots"`)
    await queryRunner.query(`ALTER TABLE "email_messages" DROP COLUMN "attachments"`)
  }
}
