import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The reason and the board's feedback when an application is unsuccessful, kept on the
 * application so that the applicant can read them again at /my-application (until then they were
 * only in the email). Set by markUnsuccessful; feedback comes with a reason. The feedback is
 * personal, so erasure and the retention job blank it with the rest.
 */
export class UnsuccessfulFeedback1765500000000 implements MigrationInterface {
  name = 'UnsuccessfulFeedback1765500000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "applications"
        ADD COLUMN "unsuccessful_reason" text NULL,
        ADD COLUMN "unsuccessful_feedback" text NULL,
        ADD CONSTRAINT "applications_unsuccessful_reason_check" CHECK ("unsuccessful_reason" IN ('role-filled', 'closer-match', 'availability', 'other')),
        ADD CONSTRAINT "applications_unsuccessful_feedback_check" CHECK (char_length("unsuccessful_feedback") BETWEEN 1 AND 2000),
        ADD CONSTRAINT "applications_unsuccessful_feedback_reason_check" CHECK ("unsuccessful_feedback" IS NULL OR "unsuccessful_reason" IS NOT NULL)`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "applications"
        DROP CONSTRAINT "applications_unsuccessful_feedback_reason_check",
        DROP CONSTRAINT "applications_unsuccessful_feedback_check",
        DROP CONSTRAINT "applications_unsuccessful_reason_check",
        DROP COLUMN "unsuccessful_feedback",
        DROP COLUMN "unsuccessful_reason"`)
  }
}
