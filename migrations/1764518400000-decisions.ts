import type { MigrationInterface, QueryRunner } from 'typeorm'

export class Decisions1764518400000 implements MigrationInterface {
  name = 'Decisions1764518400000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" ADD "offered_role_id" uuid`)
    await queryRunner.query(
      `ALTER TABLE "applications" ADD CONSTRAINT "applications_offered_role_fkey" FOREIGN KEY ("offered_role_id") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    )
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "applications_offered_role_fkey"`)
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "offered_role_id"`)
  }
}
