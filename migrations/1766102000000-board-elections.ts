import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Board election rounds and their nominations. A round records what the board chose: the seats
 * to fill, the dates (nominations open and close, voting opens and closes, in that order), the
 * counting method (approval voting or single transferable vote), the rule for ties, and the
 * procedure in the board's words. Nominations come from a public page: the nominee's name,
 * email, a statement of up to 300 words and their consent to publish it (when they gave it);
 * admins review each for eligibility and publish the eligible ones on the candidates page. One
 * nomination per address per round.
 */
export class BoardElections1766102000000 implements MigrationInterface {
  name = 'BoardElections1766102000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "board_election_rounds" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "name" text NOT NULL,
        "seats" integer NOT NULL,
        "nominations_open_on" date NOT NULL,
        "nominations_close_on" date NOT NULL,
        "voting_opens_on" date NOT NULL,
        "voting_closes_on" date NOT NULL,
        "method" text NOT NULL,
        "tie_rule" text NOT NULL,
        "procedure" text NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "version" integer NOT NULL DEFAULT 1,
        "created_by" uuid NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_election_rounds_slug_key" UNIQUE ("slug"),
        CONSTRAINT "board_election_rounds_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "staff_users" ("id") ON DELETE SET NULL,
        CONSTRAINT "board_election_rounds_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("slug") <= 80),
        CONSTRAINT "board_election_rounds_name_check" CHECK (char_length("name") BETWEEN 1 AND 100),
        CONSTRAINT "board_election_rounds_seats_check" CHECK ("seats" BETWEEN 1 AND 30),
        CONSTRAINT "board_election_rounds_dates_check" CHECK (
          "nominations_open_on" <= "nominations_close_on" AND "nominations_close_on" < "voting_opens_on" AND "voting_opens_on" <= "voting_closes_on"),
        CONSTRAINT "board_election_rounds_method_check" CHECK ("method" IN ('approval', 'stv')),
        CONSTRAINT "board_election_rounds_tie_rule_check" CHECK ("tie_rule" IN ('lot', 'nomination-order')),
        CONSTRAINT "board_election_rounds_procedure_check" CHECK (char_length("procedure") BETWEEN 1 AND 5000),
        CONSTRAINT "board_election_rounds_status_check" CHECK ("status" IN ('draft', 'nominations', 'voting', 'counted', 'published', 'cancelled'))
      )`)
    await queryRunner.query(`
      CREATE TABLE "board_nominations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "round_id" uuid NOT NULL,
        "full_name" text NOT NULL,
        "email" text NOT NULL,
        "statement" text NOT NULL,
        "consented_at" timestamptz NOT NULL,
        "status" text NOT NULL DEFAULT 'submitted',
        "version" integer NOT NULL DEFAULT 1,
        "ineligible_reason" text NULL,
        "reviewed_by" uuid NULL,
        "reviewed_at" timestamptz NULL,
        "published_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_nominations_round_fkey" FOREIGN KEY ("round_id") REFERENCES "board_election_rounds" ("id") ON DELETE RESTRICT,
        CONSTRAINT "board_nominations_reviewed_by_fkey" FOREIGN KEY ("reviewed_by") REFERENCES "staff_users" ("id") ON DELETE SET NULL,
        CONSTRAINT "board_nominations_round_email_key" UNIQUE ("round_id", "email"),
        CONSTRAINT "board_nominations_full_name_check" CHECK (char_length("full_name") BETWEEN 1 AND 100),
        CONSTRAINT "board_nominations_email_check" CHECK ("email" = lower("email") AND "email" LIKE '%_@_%'),
        CONSTRAINT "board_nominations_statement_check" CHECK (char_length("statement") BETWEEN 1 AND 3000),
        CONSTRAINT "board_nominations_ineligible_reason_check" CHECK (char_length("ineligible_reason") <= 1000),
        CONSTRAINT "board_nominations_status_check" CHECK ("status" IN ('submitted', 'eligible', 'ineligible', 'published', 'withdrawn'))
      )`)
    await queryRunner.query(`CREATE INDEX "board_nominations_round_status_idx" ON "board_nominations" ("round_id", "status")`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "board_nominations"`)
    await queryRunner.query(`DROP TABLE "board_election_rounds"`)
  }
}
