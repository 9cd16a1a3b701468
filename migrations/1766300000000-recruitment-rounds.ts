import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Recruitment rounds: a named period with the roles it covers. Every role belongs to one round
 * (the one it is open in now, or was last open in); reopening a role in a new round moves it.
 * Each choice of role on an application keeps the round the role was in when the applicant
 * applied, so reports stay per round after the role moves on. Existing roles and applications
 * fall into one default round. A round is finished by the community manager once none of its
 * roles is open, so no application can join it later: only finished rounds are published.
 *
 * Two triggers fill a missing round: a new role joins the newest open round (the newest round,
 * when none is open), and a new choice of role copies its role's round. The application form sets
 * the round itself; the triggers keep every other way a row is written (seeds, scripts) right.
 */
export class RecruitmentRounds1766300000000 implements MigrationInterface {
  name = 'RecruitmentRounds1766300000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "recruitment_rounds" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "version" integer NOT NULL DEFAULT 1,
        "finished_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "recruitment_rounds_status_check" CHECK ("status" IN ('open', 'finished')),
        CONSTRAINT "recruitment_rounds_name_check" CHECK (char_length("name") BETWEEN 1 AND 120)
      )`)
    await queryRunner.query(`CREATE UNIQUE INDEX "recruitment_rounds_name_key" ON "recruitment_rounds" (lower("name"))`)
    await queryRunner.query(`INSERT INTO "recruitment_rounds" ("name", "created_at") VALUES ('First recruitment round', coalesce((SELECT min("created_at") FROM "roles"), now()))`)

    await queryRunner.query(`ALTER TABLE "roles" ADD COLUMN "round_id" uuid NULL`)
    await queryRunner.query(`UPDATE "roles" SET "round_id" = (SELECT "id" FROM "recruitment_rounds")`)
    await queryRunner.query(`ALTER TABLE "roles" ALTER COLUMN "round_id" SET NOT NULL`)
    await queryRunner.query(
      `ALTER TABLE "roles" ADD CONSTRAINT "roles_round_fkey" FOREIGN KEY ("round_id") REFERENCES "recruitment_rounds" ("id") ON DELETE RESTRICT`,
    )
    await queryRunner.query(`CREATE INDEX "roles_round_idx" ON "roles" ("round_id")`)

    await queryRunner.query(`ALTER TABLE "application_roles" ADD COLUMN "round_id" uuid NULL`)
    await queryRunner.query(`UPDATE "application_roles" SET "round_id" = (SELECT "id" FROM "recruitment_rounds")`)
    await queryRunner.query(`ALTER TABLE "application_roles" ALTER COLUMN "round_id" SET NOT NULL`)
    await queryRunner.query(
      `ALTER TABLE "application_roles" ADD CONSTRAINT "application_roles_round_fkey" FOREIGN KEY ("round_id") REFERENCES "recruitment_rounds" ("id") ON DELETE RESTRICT`,
    )
    await queryRunner.query(`CREATE INDEX "application_roles_round_role_idx" ON "application_roles" ("round_id", "role_id")`)

    await queryRunner.query(`
      CREATE FUNCTION "roles_default_round"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."round_id" IS NULL THEN
          SELECT "id" INTO NEW."round_id" FROM "recruitment_rounds"
          ORDER BY ("status" = 'open') DESC, "created_at" DESC, "id" LIMIT 1;
        END IF;
        RETURN NEW;
      END $$`)
    await queryRunner.query(`CREATE TRIGGER "roles_default_round" BEFORE INSERT ON "roles" FOR EACH ROW EXECUTE FUNCTION "roles_default_round"()`)
    await queryRunner.query(`
      CREATE FUNCTION "application_roles_role_round"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."round_id" IS NULL THEN
          SELECT "round_id" INTO NEW."round_id" FROM "roles" WHERE "id" = NEW."role_id";
        END IF;
        RETURN NEW;
      END $$`)
    await queryRunner.query(
      `CREATE TRIGGER "application_roles_role_round" BEFORE INSERT ON "application_roles" FOR EACH ROW EXECUTE FUNCTION "application_roles_role_round"()`,
    )
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "application_roles_role_round" ON "application_roles"`)
    await queryRunner.query(`DROP FUNCTION "application_roles_role_round"()`)
    await queryRunner.query(`DROP TRIGGER "roles_default_round" ON "roles"`)
    await queryRunner.query(`DROP FUNCTION "roles_default_round"()`)
    await queryRunner.query(`ALTER TABLE "application_roles" DROP COLUMN "round_id"`)
    await queryRunner.query(`ALTER TABLE "roles" DROP COLUMN "round_id"`)
    await queryRunner.query(`DROP TABLE "recruitment_rounds"`)
  }
}
