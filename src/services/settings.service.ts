import type { DataSource } from 'typeorm'
import { Settings } from '../entities/index.ts'
import type { SettingsValues } from '../domain/settings.ts'
import { TtlCache } from './ttl-cache.ts'

// Does not compile if the settings table gains a column that SettingsValues does not list.
const _everyColumnListed: Exclude<keyof Settings, 'id' | 'updatedAt'> extends keyof SettingsValues ? true : never = true

/** The settings every page reads, cached; saving them is src/actions/admin/settings/save-settings.ts. */
export class SettingsService {
  private readonly cache: TtlCache<SettingsValues>

  constructor(
    private readonly dataSource: DataSource,
    cacheSeconds = 0,
  ) {
    this.cache = new TtlCache(cacheSeconds)
  }

  /** Read on every page, so kept for a few seconds (see TtlCache). */
  get(): Promise<SettingsValues> {
    return this.cache.get(() => this.load())
  }

  /** Forget the cached settings: call after saving them, so this instance shows them at once. */
  changed(): void {
    this.cache.clear()
  }

  private async load(): Promise<SettingsValues> {
    const settings = await this.dataSource.getRepository(Settings).findOneBy({ id: 1 })
    if (!settings) throw new Error('The settings row is missing: run the seed (npm run seed)')
    const { id: _id, updatedAt: _updatedAt, ...values } = settings
    // Null only before the seed has run since the migration: ask for a second factor meanwhile.
    return { ...values, staffSecondFactorRequired: values.staffSecondFactorRequired ?? true }
  }
}
