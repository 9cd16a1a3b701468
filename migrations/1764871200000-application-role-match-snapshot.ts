import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * What the board's match breakdown needs of each role as it was when the person applied: its
 * hours, NHS preference and skills, next to the questions and criteria already kept. Existing
 * rows stay NULL (what the role was then is not known): the breakdown uses the role as it is now.
 */
export class ApplicationRoleMatchSnapshot1764871200000 implements MigrationInterface {
  name = 'ApplicationRoleMatchSnapshot1764871200000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "application_roles"
        ADD COLUMN "role_hours_per_week" integer,
        ADD COLUMN "role_nhs_employment_preferred" boolean,
        ADD COLUMN "role_skills" jsonb,
        ADD CONSTRAINT "application_roles_role_hours_check" CHECK ("role_hours_per_week" BETWEEN 1 AND 40),
        ADD CONSTRAINT "application_roles_role_skills_check" CHECK (jsonb_typeof("role_skills") = 'array'),
        ADD CONSTRAINT "application_roles_match_snapshot_check" CHECK (
          ("role_hours_per_week" IS NULL) = ("role_nhs_employment_preferred" IS NULL)
          AND ("role_hours_per_week" IS NULL) = ("role_skills" IS NULL)
        )`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "application_roles"
        DROP CONSTRAINT "application_roles_match_snapshot_check",
        DROP CONSTRAINT "application_roles_role_skills_check",
        DROP CONSTRAINT "application_roles_role_hours_check",
        DROP COLUMN "role_skills",
        DROP COLUMN "role_nhs_employment_preferred",
        DROP COLUMN "role_hours_per_week"`)
  }
}
