import type { DataSource } from 'typeorm'
import { Role, Settings } from '../src/entities/index.ts'
import { roleSeeds, settingsSeed } from './roles.ts'

export interface SeedResult {
  rolesCreated: number
  settingsCreated: boolean
}

export interface SeedOptions {
  /**
   * Seeding a production service: "staff must use SSO or a second factor" starts on there (and
   * off on a laptop or in tests), whenever it has not been decided yet.
   */
  production?: boolean
}

/**
 * Adds the seeded roles and settings that are missing. Never overwrites what is there, so
 * running it twice changes nothing and a role an admin has edited keeps its edits.
 */
export async function seed(dataSource: DataSource, options: SeedOptions = {}): Promise<SeedResult> {
  return dataSource.transaction(async (manager) => {
    const settingsInsert = await manager
      .createQueryBuilder()
      .insert()
      .into(Settings)
      .values({ id: 1, ...settingsSeed })
      .orIgnore()
      .returning(['id'])
      .execute()
    await manager.query(`UPDATE "settings" SET "staff_second_factor_required" = $1 WHERE "staff_second_factor_required" IS NULL`, [options.production ?? false])

    let rolesCreated = 0
    for (const roleSeed of roleSeeds) {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Role)
        .values({ ...roleSeed, status: 'open' })
        .orIgnore()
        .returning(['id'])
        .execute()
      // ON CONFLICT DO NOTHING returns no row for a role that was already there.
      rolesCreated += (result.raw as unknown[]).length
    }
    return { rolesCreated, settingsCreated: (settingsInsert.raw as unknown[]).length > 0 }
  })
}
