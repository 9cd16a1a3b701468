import type { MigrationInterface, QueryRunner } from 'typeorm'

// The two functions as this migration made them (a later one replaces them: its down puts these back).
export const COUNT_APPLICATIONS_FUNCTION = `
      CREATE FUNCTION "application_counts_applications"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM "application_counts_apply"(coalesce(jsonb_agg(jsonb_build_object(
              'role_key', '00000000-0000-0000-0000-000000000000', 'status', n."status", 'nhs_employed', "application_counts_nhs"(n."nhs_employed"), 'delta', 1)), '[]'))
            FROM added n WHERE n."erased_at" IS NULL;
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM "application_counts_apply"(coalesce(jsonb_agg(jsonb_build_object(
              'role_key', change."role_key", 'status', change."status", 'nhs_employed', change."nhs_employed", 'delta', change."delta")), '[]'))
            FROM (
              SELECT k."role_key", o."status", "application_counts_nhs"(o."nhs_employed") AS "nhs_employed", -1 AS "delta"
              FROM removed o JOIN added n ON n."id" = o."id"
              CROSS JOIN LATERAL (SELECT '00000000-0000-0000-0000-000000000000'::uuid AS "role_key"
                                  UNION ALL SELECT ar."role_id" FROM "application_roles" ar WHERE ar."application_id" = o."id") k
              WHERE o."erased_at" IS NULL
                AND (o."status", o."nhs_employed", o."erased_at") IS DISTINCT FROM (n."status", n."nhs_employed", n."erased_at")
              UNION ALL
              SELECT k."role_key", n."status", "application_counts_nhs"(n."nhs_employed"), 1
              FROM removed o JOIN added n ON n."id" = o."id"
              CROSS JOIN LATERAL (SELECT '00000000-0000-0000-0000-000000000000'::uuid AS "role_key"
                                  UNION ALL SELECT ar."role_id" FROM "application_roles" ar WHERE ar."application_id" = n."id") k
              WHERE n."erased_at" IS NULL
                AND (o."status", o."nhs_employed", o."erased_at") IS DISTINCT FROM (n."status", n."nhs_employed", n."erased_at")
            ) AS change;
        END IF;
        RETURN NULL;
      END
      $$`

/** Adds each (role_key, status, nhs_employed, delta) of `changes`: the statement of application_counts_apply. */
export const COUNT_APPLY_STATEMENT = `
        INSERT INTO "application_counts" ("role_key", "status", "nhs_employed", "slot", "count")
        SELECT (c->>'role_key')::uuid, c->>'status', c->>'nhs_employed', (pg_backend_pid() % 16)::smallint, sum((c->>'delta')::int)::int
        FROM jsonb_array_elements(changes) AS c
        GROUP BY 1, 2, 3
        HAVING sum((c->>'delta')::int) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT ("role_key", "status", "nhs_employed", "slot") DO UPDATE SET "count" = "application_counts"."count" + EXCLUDED."count"`

export const COUNT_APPLY_FUNCTION = `
      CREATE FUNCTION "application_counts_apply"(changes jsonb) RETURNS void LANGUAGE sql AS $$${COUNT_APPLY_STATEMENT}
      $$`

export const COUNT_ROLES_FUNCTION = `
      CREATE FUNCTION "application_counts_roles"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changes jsonb := '[]';
      BEGIN
        -- A transition table exists only for the events that have it: each is read in its own branch.
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          SELECT coalesce(jsonb_agg(jsonb_build_object(
              'role_key', o."role_id", 'status', a."status", 'nhs_employed', "application_counts_nhs"(a."nhs_employed"), 'delta', -1)), '[]')
            INTO changes
            FROM removed o JOIN "applications" a ON a."id" = o."application_id" WHERE a."erased_at" IS NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          SELECT changes || coalesce(jsonb_agg(jsonb_build_object(
              'role_key', n."role_id", 'status', a."status", 'nhs_employed', "application_counts_nhs"(a."nhs_employed"), 'delta', 1)), '[]')
            INTO changes
            FROM added n JOIN "applications" a ON a."id" = n."application_id" WHERE a."erased_at" IS NULL;
        END IF;
        PERFORM "application_counts_apply"(changes);
        RETURN NULL;
      END
      $$`

/**
 * The board's queue shows how many applications there are of each status, for the filters
 * other than status (a role, NHS employment). Counting them on every page cost a scan of every
 * application (or of every application of a role), growing with the queue. Here the counts are
 * kept in a small table by triggers, in the same transaction as the change:
 *
 * - one set of rows for all applications (role_key is the nil uuid) and one per role named in
 *   an application (any preference), by status and NHS employment ('yes', 'no', 'unknown');
 * - only applications that still hold their data (erased_at IS NULL), as the queue shows them;
 * - each count split over 16 slots (by the session's backend pid), so that applications sent at
 *   the same moment do not all wait on one row's lock; a read sums the slots.
 *
 * The triggers work per statement (with transition tables), so a bulk insert is one update of the
 * counts; a deleted application is taken off in a BEFORE DELETE row trigger, while its role
 * choices can still be read (their own delete trigger then finds no application, and does
 * nothing). The counts of the applications already here are filled in below.
 */
export class ApplicationCounts1766500000000 implements MigrationInterface {
  name = 'ApplicationCounts1766500000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "application_counts" (
        "role_key" uuid NOT NULL,
        "status" text NOT NULL,
        "nhs_employed" text NOT NULL CHECK ("nhs_employed" IN ('yes', 'no', 'unknown')),
        "slot" smallint NOT NULL CHECK ("slot" BETWEEN 0 AND 15),
        "count" integer NOT NULL,
        CONSTRAINT "application_counts_pkey" PRIMARY KEY ("role_key", "status", "nhs_employed", "slot")
      )`)
    await queryRunner.query(`COMMENT ON TABLE "application_counts" IS 'Kept by triggers on applications and application_roles: the review queue''s counts per status (see migration 1766500000000)'`)

    // Adds each (role_key, status, nhs_employed, delta) of the changes, in key order (so that two
    // transactions sharing a slot take the rows' locks in the same order).
    await queryRunner.query(COUNT_APPLY_FUNCTION)
    await queryRunner.query(`
      CREATE FUNCTION "application_counts_nhs"(value boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE value WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'unknown' END
      $$`)

    // Applications: for all applications, and for each of their roles.
    await queryRunner.query(COUNT_APPLICATIONS_FUNCTION)
    await queryRunner.query(`
      CREATE FUNCTION "application_counts_application_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD."erased_at" IS NULL THEN
          PERFORM "application_counts_apply"(coalesce(jsonb_agg(jsonb_build_object(
              'role_key', k."role_key", 'status', OLD."status", 'nhs_employed', "application_counts_nhs"(OLD."nhs_employed"), 'delta', -1)), '[]'))
            FROM (SELECT '00000000-0000-0000-0000-000000000000'::uuid AS "role_key"
                  UNION ALL SELECT ar."role_id" FROM "application_roles" ar WHERE ar."application_id" = OLD."id") k;
        END IF;
        RETURN OLD;
      END
      $$`)
    // Role choices: counted under the role while their application is.
    await queryRunner.query(COUNT_ROLES_FUNCTION)
    await queryRunner.query(`
      CREATE FUNCTION "application_counts_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "application_counts";
        RETURN NULL;
      END
      $$`)

    await queryRunner.query(`CREATE TRIGGER "application_counts_inserted" AFTER INSERT ON "applications" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "application_counts_applications"()`)
    await queryRunner.query(`CREATE TRIGGER "application_counts_updated" AFTER UPDATE ON "applications" REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "application_counts_applications"()`)
    await queryRunner.query(`CREATE TRIGGER "application_counts_deleted" BEFORE DELETE ON "applications" FOR EACH ROW EXECUTE FUNCTION "application_counts_application_deleted"()`)
    await queryRunner.query(`CREATE TRIGGER "application_counts_truncated" AFTER TRUNCATE ON "applications" FOR EACH STATEMENT EXECUTE FUNCTION "application_counts_truncated"()`)
    await queryRunner.query(`CREATE TRIGGER "application_counts_roles_inserted" AFTER INSERT ON "application_roles" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "application_counts_roles"()`)
    await queryRunner.query(`CREATE TRIGGER "application_counts_roles_updated" AFTER UPDATE ON "application_roles" REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "application_counts_roles"()`)
    await queryRunner.query(`CREATE TRIGGER "application_counts_roles_deleted" AFTER DELETE ON "application_roles" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "application_counts_roles"()`)

    // The applications already here.
    await queryRunner.query(`
      INSERT INTO "application_counts" ("role_key", "status", "nhs_employed", "slot", "count")
      SELECT '00000000-0000-0000-0000-000000000000', a."status", "application_counts_nhs"(a."nhs_employed"), 0, count(*)
      FROM "applications" a WHERE a."erased_at" IS NULL GROUP BY 2, 3
      UNION ALL
      SELECT ar."role_id", a."status", "application_counts_nhs"(a."nhs_employed"), 0, count(*)
      FROM "applications" a JOIN "application_roles" ar ON ar."application_id" = a."id" WHERE a."erased_at" IS NULL GROUP BY 1, 2, 3`)

    // The filtered queue (a status, often with a role and "needs my review") walks one status's
    // applications in the queue's order and stops at the page's last row.
    await queryRunner.query(`CREATE INDEX "applications_queue_by_status_idx" ON "applications" ("status", "submitted_at", "reference") WHERE erased_at IS NULL`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "applications_queue_by_status_idx"`)
    for (const [trigger, table] of [
      ['application_counts_roles_deleted', 'application_roles'],
      ['application_counts_roles_updated', 'application_roles'],
      ['application_counts_roles_inserted', 'application_roles'],
      ['application_counts_truncated', 'applications'],
      ['application_counts_deleted', 'applications'],
      ['application_counts_updated', 'applications'],
      ['application_counts_inserted', 'applications'],
    ]) {
      await queryRunner.query(`DROP TRIGGER "${trigger}" ON "${table}"`)
    }
    for (const fn of ['application_counts_truncated', 'application_counts_roles', 'application_counts_application_deleted', 'application_counts_applications', 'application_counts_nhs', 'application_counts_apply']) {
      await queryRunner.query(`DROP FUNCTION "${fn}"`)
    }
    await queryRunner.query(`DROP TABLE "application_counts"`)
  }
}
