import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Board members' handover notes: what an outgoing member leaves for whoever takes their seat,
 * one set per member, read by the board and the admins on /board.
 */
export class BoardHandoverNotes1766104000000 implements MigrationInterface {
  name = 'BoardHandoverNotes1766104000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "board_handover_notes" (
        "staff_user_id" uuid PRIMARY KEY,
        "notes" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_handover_notes_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users" ("id") ON DELETE CASCADE,
        CONSTRAINT "board_handover_notes_notes_check" CHECK (char_length("notes") BETWEEN 1 AND 5000)
      )`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "board_handover_notes"`)
  }
}
