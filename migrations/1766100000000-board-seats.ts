import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The board's seats and the reminders before a board term ends. Board members are staff accounts
 * with the board-member role and their term dates (staff_users.board_term_*); the number of seats
 * is the board's one setting, in a single row of its own (read with a default, so a missing row
 * means the default). A reminder row says that the member and the admins were emailed, so many
 * days before that term end date: the primary key makes each go once, and a changed end date is
 * a new term to remind about.
 */
export class BoardSeats1766100000000 implements MigrationInterface {
  name = 'BoardSeats1766100000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "board_settings" (
        "id" integer PRIMARY KEY DEFAULT 1,
        "seats" integer NOT NULL DEFAULT 5,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_settings_single_row" CHECK ("id" = 1),
        CONSTRAINT "board_settings_seats_check" CHECK ("seats" BETWEEN 1 AND 30)
      )`)
    await queryRunner.query(`INSERT INTO "board_settings" ("id") VALUES (1)`)
    await queryRunner.query(`
      CREATE TABLE "board_term_reminders" (
        "staff_user_id" uuid NOT NULL,
        "term_ends_on" date NOT NULL,
        "days_before" integer NOT NULL,
        "sent_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_term_reminders_pkey" PRIMARY KEY ("staff_user_id", "term_ends_on", "days_before"),
        CONSTRAINT "board_term_reminders_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users" ("id") ON DELETE CASCADE,
        CONSTRAINT "board_term_reminders_days_before_check" CHECK ("days_before" IN (60, 30))
      )`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "board_term_reminders"`)
    await queryRunner.query(`DROP TABLE "board_settings"`)
  }
}
