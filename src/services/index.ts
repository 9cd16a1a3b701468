import type { DataSource } from 'typeorm'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { MailService } from '../mail/outbox.ts'
import { ApplicationService } from './application.service.ts'
import { DraftService } from './draft.service.ts'
import { HealthService } from './health.service.ts'
import { RoleService } from './role.service.ts'
import { SettingsService } from './settings.service.ts'

export function createServices(dataSource: DataSource, config: Config, logger: Logger) {
  const mail = new MailService(config)
  return {
    config,
    logger,
    dataSource,
    health: new HealthService(dataSource),
    roles: new RoleService(dataSource),
    settings: new SettingsService(dataSource),
    mail,
    applications: new ApplicationService(dataSource, mail),
    drafts: new DraftService(dataSource, mail, config.baseUrl),
  }
}

export type Services = ReturnType<typeof createServices>
