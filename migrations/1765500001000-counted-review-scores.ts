import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Every score of every counted review, one row per review, chosen role and criterion, read from
 * the review's jsonb (scores by application role id, then criterion key). A criterion the roles
 * share is stored under each of them, so it counts for each role here. The board's queue reads
 * each role's average from it.
 */
export class CountedReviewScores1765500001000 implements MigrationInterface {
  name = 'CountedReviewScores1765500001000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW "counted_review_scores" AS
        SELECT rv."id" AS "review_id", rv."application_id", rv."reviewer_id", ar."id" AS "application_role_id",
               criterion.key AS "criterion_key", (criterion.value ->> 'score')::numeric AS "score"
        FROM "counted_reviews" rv
        JOIN "application_roles" ar ON ar."application_id" = rv."application_id"
        CROSS JOIN LATERAL jsonb_each(
          CASE WHEN jsonb_typeof(rv."scores" -> ar."id"::text) = 'object' THEN rv."scores" -> ar."id"::text ELSE '{}'::jsonb END
        ) AS criterion
        WHERE jsonb_typeof(criterion.value -> 'score') = 'number'`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "counted_review_scores"`)
  }
}
