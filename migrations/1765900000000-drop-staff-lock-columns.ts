import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Failed sign-ins are counted per account and client in rate_limit_hits and only slow the
 * guessing client down; nothing locks an account any more, so its old counters go.
 */
export class DropStaffLockColumns1765900000000 implements MigrationInterface {
  name = 'DropStaffLockColumns1765900000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "failed_sign_ins", DROP COLUMN "locked_until"`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "failed_sign_ins" integer NOT NULL DEFAULT 0, ADD "locked_until" timestamptz`)
  }
}
