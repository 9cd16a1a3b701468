import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The public recruitment summary (/about/recruitment): a setting to publish it, off until an admin
 * opts in, and each round's figures about who applied, counted once when the round is finished.
 * Kept, not counted again: erasing applications after the retention period would otherwise change
 * a finished round's figures one application at a time, and the change would tell what the erased
 * applicant had answered.
 */
export class RecruitmentSummarySetting1766300001000 implements MigrationInterface {
  name = 'RecruitmentSummarySetting1766300001000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settings" ADD COLUMN "publish_recruitment_summary" boolean NOT NULL DEFAULT false`)
    await queryRunner.query(`ALTER TABLE "recruitment_rounds" ADD COLUMN "applicant_figures" jsonb NULL`)
    await queryRunner.query(
      `ALTER TABLE "recruitment_rounds" ADD CONSTRAINT "recruitment_rounds_applicant_figures_check" CHECK ("applicant_figures" IS NULL OR jsonb_typeof("applicant_figures") = 'object')`,
    )
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recruitment_rounds" DROP COLUMN "applicant_figures"`)
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "publish_recruitment_summary"`)
  }
}
