import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * One row per running job worker (graphile-worker pool), refreshed every few seconds. A row that
 * stops being refreshed marks a worker that died without stopping (a crash, kill -9): the other
 * workers free the jobs it had locked instead of waiting graphile-worker's 4 hours.
 */
export class WorkerHeartbeats1764784800000 implements MigrationInterface {
  name = 'WorkerHeartbeats1764784800000'

  async up(queryRunner: QueryRunner): Promise<void> {
    // pool_id is the value graphile-worker writes to its jobs' locked_by. Both times come from the
    // database's clock (now()), so workers on hosts whose clocks differ still agree on the age.
    await queryRunner.query(`
      CREATE TABLE "worker_heartbeats" (
        "pool_id" text NOT NULL,
        "started_at" timestamptz NOT NULL DEFAULT now(),
        "beat_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "worker_heartbeats_pool_id_check" CHECK ("pool_id" <> ''),
        CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("pool_id")
      )`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "worker_heartbeats"`)
  }
}
