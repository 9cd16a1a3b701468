import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The vote in a board election, kept secret.
 *
 * - board_electors: who may vote in a round (an address the admins loaded, or a board member),
 *   their one-time ballot link (only its SHA-256, working until voting closes), and whether they
 *   have voted. "Has voted" is a flag with no time: the row has no updated_at or voted_at.
 * - board_ballots: the votes themselves, anonymous. A ballot holds its round and the candidates
 *   chosen, and nothing else: no elector, no link, no timestamp, and a random id. Recording a
 *   vote flags the elector, adds the ballot and writes every ballot of the round again in the
 *   order of those random ids, all in one transaction; so the ballots' order on disk, their ids
 *   and their system columns (xmin) are the same for every ballot and tell nobody which came
 *   last. The database links a ballot to an elector only in that one transaction, to stop
 *   double voting, never to how they voted. (Someone reading the server's write-ahead log or
 *   dead row versions could still see a transaction's writes together: that is below what the
 *   service, its queries and its admins can reach.)
 * - board_elector_uploads: a CSV of electors read and checked, waiting for an admin to confirm
 *   it; nothing is added to the electors until then, and then all of it at once.
 * - board_election_results: the count, stage by stage, with the seed of any draw by lot.
 */
export class BoardBallots1766103000000 implements MigrationInterface {
  name = 'BoardBallots1766103000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "board_electors" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "round_id" uuid NOT NULL,
        "email" text NOT NULL,
        "source" text NOT NULL,
        "token_hash" text NULL,
        "link_expires_at" timestamptz NULL,
        "voted" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_electors_round_fkey" FOREIGN KEY ("round_id") REFERENCES "board_election_rounds" ("id") ON DELETE RESTRICT,
        CONSTRAINT "board_electors_round_email_key" UNIQUE ("round_id", "email"),
        CONSTRAINT "board_electors_token_hash_key" UNIQUE ("token_hash"),
        CONSTRAINT "board_electors_email_check" CHECK ("email" = lower("email") AND "email" LIKE '%_@_%' AND char_length("email") <= 254),
        CONSTRAINT "board_electors_source_check" CHECK ("source" IN ('upload', 'board')),
        CONSTRAINT "board_electors_token_hash_check" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "board_electors_link_check" CHECK (("token_hash" IS NULL) = ("link_expires_at" IS NULL))
      )`)
    await queryRunner.query(`
      CREATE TABLE "board_ballots" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "round_id" uuid NOT NULL,
        "choices" uuid[] NOT NULL,
        CONSTRAINT "board_ballots_round_fkey" FOREIGN KEY ("round_id") REFERENCES "board_election_rounds" ("id") ON DELETE RESTRICT,
        CONSTRAINT "board_ballots_choices_check" CHECK (cardinality("choices") BETWEEN 1 AND 100)
      )`)
    await queryRunner.query(`CREATE INDEX "board_ballots_round_idx" ON "board_ballots" ("round_id")`)
    await queryRunner.query(`
      CREATE TABLE "board_elector_uploads" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "round_id" uuid NOT NULL,
        "emails" text[] NOT NULL,
        "created_by" uuid NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_elector_uploads_round_fkey" FOREIGN KEY ("round_id") REFERENCES "board_election_rounds" ("id") ON DELETE CASCADE,
        CONSTRAINT "board_elector_uploads_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "staff_users" ("id") ON DELETE CASCADE,
        CONSTRAINT "board_elector_uploads_emails_check" CHECK (cardinality("emails") BETWEEN 1 AND 20000)
      )`)
    await queryRunner.query(`
      CREATE TABLE "board_election_results" (
        "round_id" uuid PRIMARY KEY,
        "count" jsonb NOT NULL,
        "seed" text NOT NULL,
        "counted_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "board_election_results_round_fkey" FOREIGN KEY ("round_id") REFERENCES "board_election_rounds" ("id") ON DELETE RESTRICT
      )`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "board_election_results"`)
    await queryRunner.query(`DROP TABLE "board_elector_uploads"`)
    await queryRunner.query(`DROP TABLE "board_ballots"`)
    await queryRunner.query(`DROP TABLE "board_electors"`)
  }
}
