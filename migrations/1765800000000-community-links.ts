import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The community's own links, set by admins at /admin/settings and used by the emails and pages
 * that promise them: its website, the Slack invite link and the code of conduct. Each is optional
 * (a sentence that needs one is left out while it is not set) and always an https address.
 */
export class CommunityLinks1765800000000 implements MigrationInterface {
  name = 'CommunityLinks1765800000000'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "settings"
        ADD COLUMN "website_url" text NULL,
        ADD COLUMN "slack_invite_url" text NULL,
        ADD COLUMN "code_of_conduct_url" text NULL,
        ADD CONSTRAINT "settings_website_url_check" CHECK ("website_url" ~ '^https://[^[:space:]]+$' AND char_length("website_url") <= 500),
        ADD CONSTRAINT "settings_slack_invite_url_check" CHECK ("slack_invite_url" ~ '^https://[^[:space:]]+$' AND char_length("slack_invite_url") <= 500),
        ADD CONSTRAINT "settings_code_of_conduct_url_check" CHECK ("code_of_conduct_url" ~ '^https://[^[:space:]]+$' AND char_length("code_of_conduct_url") <= 500)`)
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "settings"
        DROP CONSTRAINT "settings_code_of_conduct_url_check",
        DROP CONSTRAINT "settings_slack_invite_url_check",
        DROP CONSTRAINT "settings_website_url_check",
        DROP COLUMN "code_of_conduct_url",
        DROP COLUMN "slack_invite_url",
        DROP COLUMN "website_url"`)
  }
}
