import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The one rule for which reviews count: a review counts unless its reviewer declared a conflict
 * of interest in the application (declaring one deletes their review, but a review and a
 * declaration made at the same moment can both commit). The quorum, the decision tally, the
 * queue and the board's reminders all read this view.
 */
export class CountedReviews1764957600000 implements MigrationInterface {
  name = 'CountedReviews1764957600000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW "counted_reviews" AS
        SELECT r."id", r."application_id", r."reviewer_id", r."scores", r."recommendation", r."comment", r."submitted_at", r."updated_at"
        FROM "reviews" r
        WHERE NOT EXISTS (
          SELECT 1 FROM "conflicts_of_interest" c
          WHERE c."application_id" = r."application_id" AND c."staff_user_id" = r."reviewer_id"
        )`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "counted_reviews"`)
  }
}
