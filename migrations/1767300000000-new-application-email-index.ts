import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Each application asks whether a board member was emailed about a new application in the last
 * half hour (actions/apply/submit-application.ts). Through the created_at index that read every
 * email of the last half hour, which in a burst of applications is thousands; this finds a
 * member's new-application emails at once.
 */
export class NewApplicationEmailIndex1767300000000 implements MigrationInterface {
  name = 'NewApplicationEmailIndex1767300000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "email_messages_new_application_idx" ON "email_messages" ("recipient", "created_at") WHERE "template" = 'new-application'`,
    )
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "email_messages_new_application_idx"`)
  }
}
