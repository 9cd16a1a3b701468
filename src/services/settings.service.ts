import type { DataSource } from 'typeorm'
import { Settings } from '../entities/index.ts'

export type SettingsValues = Omit<Settings, 'id' | 'updatedAt'>

export class SettingsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(): Promise<SettingsValues> {
    const settings = await this.dataSource.getRepository(Settings).findOneBy({ id: 1 })
    if (!settings) throw new Error('The settings row is missing: run the seed (npm run seed)')
    const { id: _id, updatedAt: _updatedAt, ...values } = settings
    return values
  }
}
