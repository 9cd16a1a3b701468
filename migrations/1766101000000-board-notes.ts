import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The board's summary notes, one row per meeting: the date, who attended, and the notes in
 * Markdown (rendered and sanitised when shown). A draft is seen by the board only; published
 * notes are public at /board/notes. Edits carry the version the admin saw.
 */
export class BoardNotes1766101000000 implements MigrationInterface {
  name = 'BoardNotes1766101000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "board_notes" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "meeting_on" date NOT NULL,
        "title" text NOT NULL,
        "attendance" text NOT NULL,
        "body" text NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "version" integer NOT NULL DEFAULT 1,
        "published_at" timestamptz NULL,
        "created_by" uuid NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_notes_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "staff_users" ("id") ON DELETE SET NULL,
        CONSTRAINT "board_notes_status_check" CHECK ("status" IN ('draft', 'published')),
        CONSTRAINT "board_notes_title_check" CHECK (char_length("title") BETWEEN 1 AND 120),
        CONSTRAINT "board_notes_attendance_check" CHECK (char_length("attendance") BETWEEN 1 AND 2000),
        CONSTRAINT "board_notes_body_check" CHECK (char_length("body") BETWEEN 1 AND 20000)
      )`)
    await queryRunner.query(`CREATE INDEX "board_notes_status_meeting_idx" ON "board_notes" ("status", "meeting_on" DESC)`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "board_notes"`)
  }
}
