import type { MigrationInterface, QueryRunner } from 'typeorm'

/** The review queue sorts and counts the applications that still hold their data. */
export class QueueIndexes1764604800000 implements MigrationInterface {
  name = 'QueueIndexes1764604800000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "applications_queue_idx" ON "applications" ("submitted_at", "reference") WHERE erased_at IS NULL`)
    await queryRunner.query(`CREATE INDEX "applications_queue_status_idx" ON "applications" ("status") WHERE erased_at IS NULL`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "applications_queue_status_idx"`)
    await queryRunner.query(`DROP INDEX "applications_queue_idx"`)
  }
}
