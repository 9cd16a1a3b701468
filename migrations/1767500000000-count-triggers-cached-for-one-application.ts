import type { MigrationInterface, QueryRunner } from 'typeorm'
import { COUNT_APPLY_FUNCTION, COUNT_APPLY_STATEMENT } from './1766500000000-application-counts.ts'
import { COUNT_ROLES_PLANNED_PER_CALL, ROLE_CHOICES_ADDED, ROLE_CHOICES_REMOVED } from './1767400000000-count-triggers-planned-per-call.ts'

/** The most role choices one application makes, with room to spare: up to this many, a plan kept from an earlier call fits. */
const ONE_APPLICATION_ROLE_CHOICES = 20

/**
 * Each application sent had cost the database about 0.5 ms in the count triggers
 * (migration 1766500000000) on top of 0.3 ms for its own rows: measured by 2,000 applications,
 * one transaction each, with and without the triggers. Two causes, both plans made again at
 * every call:
 *
 * - `application_counts_apply` was a SQL function, whose statement PostgreSQL plans at each call.
 *   As PL/pgSQL, its plan is kept on the connection. It reads only its argument, so the one plan
 *   suits one change or thousands.
 * - The role choices' insert trigger joined them to their applications through EXECUTE, planned
 *   per call since migration 1767400000000 so that a bulk insert is never joined by a plan made
 *   for two rows. Now only a bulk insert (more role choices than one application makes) goes
 *   through EXECUTE; one application's choices use a kept plan, made for a few rows. That plan
 *   holds until the applications table's statistics change (ANALYZE, which autovacuum runs as the
 *   table grows), as do the plans of PostgreSQL's own foreign key checks on the same tables.
 *
 * Measured the same way: 0.76–0.80 ms an application before, 0.39–0.40 ms after.
 */
export class CountTriggersCachedForOneApplication1767500000000 implements MigrationInterface {
  name = 'CountTriggersCachedForOneApplication1767500000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "application_counts_apply"(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN${COUNT_APPLY_STATEMENT};
      END
      $$`)
    await queryRunner.query(`
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
        IF TG_OP = 'INSERT' THEN
          IF (SELECT count(*) FROM added) <= ${ONE_APPLICATION_ROLE_CHOICES} THEN
            ${ROLE_CHOICES_ADDED.trim().replace('FROM added', 'INTO more FROM added')};
          ELSE
            EXECUTE $q$${ROLE_CHOICES_ADDED}
            $q$ INTO more;
          END IF;
          changes := changes || more;
        ELSIF TG_OP = 'UPDATE' THEN
          EXECUTE $q$${ROLE_CHOICES_ADDED}
          $q$ INTO more;
          changes := changes || more;
        END IF;
        PERFORM "application_counts_apply"(changes);
        RETURN NULL;
      END
      $$`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(COUNT_ROLES_PLANNED_PER_CALL)
    await queryRunner.query(COUNT_APPLY_FUNCTION.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'))
  }
}
