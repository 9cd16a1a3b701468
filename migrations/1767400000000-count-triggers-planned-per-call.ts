import type { MigrationInterface, QueryRunner } from 'typeorm'
import { COUNT_APPLICATIONS_FUNCTION, COUNT_ROLES_FUNCTION } from './1766500000000-application-counts.ts'

/** The role choices taken away and added by a statement on application_roles, as count changes (a jsonb array). */
export const ROLE_CHOICES_REMOVED = `
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'role_key', o."role_id", 'status', a."status", 'nhs_employed', "application_counts_nhs"(a."nhs_employed"), 'delta', -1)), '[]')
            FROM removed o JOIN "applications" a ON a."id" = o."application_id" WHERE a."erased_at" IS NULL`
export const ROLE_CHOICES_ADDED = `
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'role_key', n."role_id", 'status', a."status", 'nhs_employed', "application_counts_nhs"(a."nhs_employed"), 'delta', 1)), '[]')
            FROM added n JOIN "applications" a ON a."id" = n."application_id" WHERE a."erased_at" IS NULL`

// The role choices' function as this migration makes it (a later one replaces it: its down puts this back).
export const COUNT_ROLES_PLANNED_PER_CALL = `
      CREATE OR REPLACE FUNCTION "application_counts_roles"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changes jsonb := '[]';
        more jsonb;
      BEGIN
        -- A transition table exists only for the events that have it: each is read in its own branch.
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          EXECUTE $q$${ROLE_CHOICES_REMOVED}
          $q$ INTO more;
          changes := changes || more;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          EXECUTE $q$${ROLE_CHOICES_ADDED}
          $q$ INTO more;
          changes := changes || more;
        END IF;
        PERFORM "application_counts_apply"(changes);
        RETURN NULL;
      END
      $$`

/**
 * The count triggers (migration 1766500000000) join their statement's transition tables to each
 * other or to the applications. PL/pgSQL keeps the plan of each such statement for the life of a
 * connection, made for the rows of the first statement it ran there: typically one application
 * with two roles, while the applications table was small. A bulk change later on that connection
 * (thousands of role choices at once, an anonymising run over many applications) was then joined
 * by a nested loop over every row of both sides: 200 million comparisons, 24 seconds, for 10,000
 * applications inserted at once. Re-planning the cached statement does not help, as the number of
 * rows in a transition table is fixed when the statement is first parsed. Run through EXECUTE,
 * each join is parsed and planned at each call, for the rows at hand: about 0.2 ms more
 * for one application with two roles (2,000 of them, one at a time: 1.5–1.6 s before, 1.8–2.1 s
 * after). The insert of an application, which joins nothing, stays as it was.
 */
export class CountTriggersPlannedPerCall1767400000000 implements MigrationInterface {
  name = 'CountTriggersPlannedPerCall1767400000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "application_counts_applications"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changes jsonb;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM "application_counts_apply"(coalesce(jsonb_agg(jsonb_build_object(
              'role_key', '00000000-0000-0000-0000-000000000000', 'status', n."status", 'nhs_employed', "application_counts_nhs"(n."nhs_employed"), 'delta', 1)), '[]'))
            FROM added n WHERE n."erased_at" IS NULL;
        ELSIF TG_OP = 'UPDATE' THEN
          EXECUTE $q$
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'role_key', change."role_key", 'status', change."status", 'nhs_employed', change."nhs_employed", 'delta', change."delta")), '[]')
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
            ) AS change
          $q$ INTO changes;
          PERFORM "application_counts_apply"(changes);
        END IF;
        RETURN NULL;
      END
      $$`)
    await queryRunner.query(COUNT_ROLES_PLANNED_PER_CALL)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const definition of [COUNT_APPLICATIONS_FUNCTION, COUNT_ROLES_FUNCTION]) {
      await queryRunner.query(definition.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'))
    }
  }
}
