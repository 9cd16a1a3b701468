import type { DataSource } from 'typeorm'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { MailService } from '../mail/outbox.ts'
import { ApplicantSignInService } from './applicant-sign-in.service.ts'
import { ApplicationService } from './application.service.ts'
import { BoardNotificationService } from './board-notification.service.ts'
import { DecisionService } from './decision.service.ts'
import { DraftService } from './draft.service.ts'
import { HealthService } from './health.service.ts'
import { MyApplicationService } from './my-application.service.ts'
import { ReviewQueueService } from './review-queue.service.ts'
import { ReviewService } from './review.service.ts'
import { RoleService } from './role.service.ts'
import { SettingsService } from './settings.service.ts'
import { StaffService } from './staff.service.ts'

export function createServices(dataSource: DataSource, config: Config, logger: Logger) {
  const mail = new MailService(config)
  const staff = new StaffService(dataSource, mail, config.baseUrl)
  return {
    config,
    logger,
    dataSource,
    health: new HealthService(dataSource),
    roles: new RoleService(dataSource, config.cacheSeconds),
    settings: new SettingsService(dataSource, config.cacheSeconds),
    mail,
    staff,
    applications: new ApplicationService(dataSource, mail, staff),
    drafts: new DraftService(dataSource, mail, config.baseUrl),
    decisions: new DecisionService(dataSource, mail, config.baseUrl),
    boardNotifications: new BoardNotificationService(dataSource, mail, staff),
    applicantSignIn: new ApplicantSignInService(dataSource, mail),
    myApplication: new MyApplicationService(dataSource, mail),
    reviewQueue: new ReviewQueueService(dataSource),
    reviews: new ReviewService(dataSource),
  }
}

export type Services = ReturnType<typeof createServices>
