import type { DataSource } from 'typeorm'
import { Settings } from '../entities/index.ts'
import { audit, type Actor } from './audit.ts'
import { TtlCache } from './ttl-cache.ts'

export type SettingsValues = Omit<Settings, 'id' | 'updatedAt'>

export const SETTINGS_FIELDS = ['communityName', 'contactEmail', 'quorum', 'blindReview', 'reminderDays', 'retentionMonths', 'referencePrefix'] as const satisfies readonly (keyof SettingsValues)[]

// The audit note names every changed field; only these have their values in it too. The contact
// address may be a person's own, and a name is free text: their values stay out of the audit.
const VALUES_IN_AUDIT = new Set<keyof SettingsValues>(['quorum', 'blindReview', 'reminderDays', 'retentionMonths', 'referencePrefix'])

const COLUMNS: Record<keyof SettingsValues, string> = {
  communityName: 'community_name',
  contactEmail: 'contact_email',
  quorum: 'quorum',
  blindReview: 'blind_review',
  reminderDays: 'reminder_days',
  retentionMonths: 'retention_months',
  referencePrefix: 'reference_prefix',
}

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

  /**
   * Saves the settings and audits which fields changed. Returns the changed fields (none: nothing
   * was written). This instance's cache is cleared at once; other instances catch up within
   * their cache's few seconds.
   */
  async save(values: SettingsValues, by: Actor): Promise<(keyof SettingsValues)[]> {
    const changed = await this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(Settings).findOne({ where: { id: 1 }, lock: { mode: 'pessimistic_write' } })
      if (!current) throw new Error('The settings row is missing: run the seed (npm run seed)')
      const fields = SETTINGS_FIELDS.filter((field) => current[field] !== values[field])
      if (fields.length === 0) return fields
      await manager.update(Settings, { id: 1 }, Object.fromEntries(fields.map((field) => [field, values[field]])))
      await audit(manager, by, {
        action: 'settings.updated',
        subjectType: 'settings',
        subjectId: '1',
        note: fields.map((field) => (VALUES_IN_AUDIT.has(field) ? `${COLUMNS[field]}: ${String(current[field])} -> ${String(values[field])}` : COLUMNS[field])).join('; '),
      })
      return fields
    })
    this.cache.clear()
    return changed
  }

  private async load(): Promise<SettingsValues> {
    const settings = await this.dataSource.getRepository(Settings).findOneBy({ id: 1 })
    if (!settings) throw new Error('The settings row is missing: run the seed (npm run seed)')
    const { id: _id, updatedAt: _updatedAt, ...values } = settings
    return values
  }
}
