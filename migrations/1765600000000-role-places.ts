import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Places are counted: a role's places are filled by its executives whose term is running
 * (src/domain/places.ts). Once they are all filled the role stops taking applications, unless the
 * community manager keeps it open as a waiting list (off for every role to begin with). The index
 * serves the count, which the public role pages, /admin/roles, the queue and every offer make.
 */
export class RolePlaces1765600000000 implements MigrationInterface {
  name = 'RolePlaces1765600000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "roles" ADD COLUMN "waiting_list" boolean NOT NULL DEFAULT false`)
    await queryRunner.query(`CREATE INDEX "executives_role_status_idx" ON "executives" ("role_id", "status")`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "executives_role_status_idx"`)
    await queryRunner.query(`ALTER TABLE "roles" DROP COLUMN "waiting_list"`)
  }
}
