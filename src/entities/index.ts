import { Application } from './application.entity.ts'
import { ApplicationDraft } from './application-draft.entity.ts'
import { ApplicationRole } from './application-role.entity.ts'
import { AuditEvent } from './audit-event.entity.ts'
import { EmailMessage } from './email-message.entity.ts'
import { EqualityResponse } from './equality-response.entity.ts'
import { OneTimeToken } from './one-time-token.entity.ts'
import { RateLimitHit } from './rate-limit-hit.entity.ts'
import { Role } from './role.entity.ts'
import { Settings } from './settings.entity.ts'

export { Application, ApplicationDraft, ApplicationRole, AuditEvent, EmailMessage, EqualityResponse, OneTimeToken, RateLimitHit, Role, Settings }

export const entities = [
  Application,
  ApplicationDraft,
  ApplicationRole,
  AuditEvent,
  EmailMessage,
  EqualityResponse,
  OneTimeToken,
  RateLimitHit,
  Role,
  Settings,
]
