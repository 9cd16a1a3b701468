import type { Pool } from 'pg'
import type { DataSource } from 'typeorm'
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js'
import { createActionRunner } from '../actions/tx.ts'
import type { Config } from '../config.ts'
import { Lifecycle } from '../lifecycle.ts'
import type { Logger } from '../logger.ts'
import { MailService } from '../mail/outbox.ts'
import { rateLimits } from '../middleware/rate-limits.ts'
import { createQueryRunner } from '../queries/query.ts'
import { DataEncryption } from './data-encryption.ts'
import { HealthService } from './health.service.ts'
import { RoleService } from './role.service.ts'
import { SecondFactorService } from './second-factor.service.ts'
import { SettingsService } from './settings.service.ts'
import { SsoService } from './sso.service.ts'
import { StaffService } from './staff.service.ts'

export function createServices(dataSource: DataSource, config: Config, logger: Logger) {
  const mail = new MailService(config)
  const staff = new StaffService(dataSource, mail, config.baseUrl)
  const roles = new RoleService(dataSource, config.cacheSeconds)
  return {
    config,
    logger,
    /** The connection pool the session store shares with everything else. */
    sessionPool: (dataSource.driver as PostgresDriver).master as Pool,
    /** Limits counted in PostgreSQL, shared by every instance. */
    limits: rateLimits(dataSource.manager),
    /** Runs one action (src/actions) in its own transaction: `act(withdrawApplication, input, actor)`. */
    act: createActionRunner(dataSource, mail),
    /** Runs one query (src/queries): `read(applicantApplications, { email })`. */
    read: createQueryRunner(dataSource),
    /** Whether this process is stopping (server.ts begins it; /ready reports it). */
    lifecycle: new Lifecycle(),
    health: new HealthService(dataSource),
    roles,
    settings: new SettingsService(dataSource, config.cacheSeconds),
    mail,
    staff,
    /** Staff authenticator apps and recovery codes; their secrets encrypted with DATA_ENCRYPTION_KEY. */
    secondFactor: new SecondFactorService(dataSource, new DataEncryption(config.dataEncryption.key), staff),
    /** Staff single sign-on through the OpenID Connect provider in OIDC_ISSUER, when configured. */
    sso: new SsoService(config.oidc, config.baseUrl),
  }
}

export type Services = ReturnType<typeof createServices>
