import type { MigrationInterface, QueryRunner } from 'typeorm'

export class Reviews1764432000000 implements MigrationInterface {
  name = 'Reviews1764432000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "reviews" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "application_id" uuid NOT NULL,
        "reviewer_id" uuid NOT NULL,
        "scores" jsonb NOT NULL,
        "recommendation" text NOT NULL,
        "comment" text,
        "submitted_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "reviews_recommendation_check" CHECK ("recommendation" IN ('appoint', 'maybe', 'do-not-appoint')),
        CONSTRAINT "reviews_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "reviews_application_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "reviews_reviewer_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "reviews_application_reviewer_key" ON "reviews" ("application_id", "reviewer_id")`)
    await queryRunner.query(`CREATE INDEX "reviews_reviewer_idx" ON "reviews" ("reviewer_id")`)

    await queryRunner.query(`
      CREATE TABLE "conflicts_of_interest" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "application_id" uuid NOT NULL,
        "staff_user_id" uuid NOT NULL,
        "reason" text,
        "declared_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "conflicts_of_interest_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "conflicts_of_interest_application_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "conflicts_of_interest_staff_user_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`)
    await queryRunner.query(
      `CREATE UNIQUE INDEX "conflicts_of_interest_application_staff_key" ON "conflicts_of_interest" ("application_id", "staff_user_id")`,
    )
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "conflicts_of_interest"`)
    await queryRunner.query(`DROP TABLE "reviews"`)
  }
}
