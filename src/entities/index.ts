import { Application } from './application.entity.ts'
import { ApplicationDraft } from './application-draft.entity.ts'
import { ApplicationRole } from './application-role.entity.ts'
import { AuditEvent } from './audit-event.entity.ts'
import { BoardBallot } from './board-ballot.entity.ts'
import { BoardElectionRound } from './board-election-round.entity.ts'
import { BoardElector } from './board-elector.entity.ts'
import { BoardHandoverNote } from './board-handover-note.entity.ts'
import { BoardNomination } from './board-nomination.entity.ts'
import { BoardNote } from './board-note.entity.ts'
import { BoardSettings } from './board-settings.entity.ts'
import { BoardTermReminder } from './board-term-reminder.entity.ts'
import { ConflictOfInterest } from './conflict-of-interest.entity.ts'
import { Conversation } from './conversation.entity.ts'
import { ConversationNote } from './conversation-note.entity.ts'
import { ConversationSlot } from './conversation-slot.entity.ts'
import { EmailMessage } from './email-message.entity.ts'
import { EqualityResponse } from './equality-response.entity.ts'
import { Executive } from './executive.entity.ts'
import { InterestNotification } from './interest-notification.entity.ts'
import { InterestRegistrationRole } from './interest-registration-role.entity.ts'
import { InterestRegistration } from './interest-registration.entity.ts'
import { InterestUnsubscribeLink } from './interest-unsubscribe-link.entity.ts'
import { NhsEmailCode } from './nhs-email-code.entity.ts'
import { OfferLink } from './offer-link.entity.ts'
import { OnboardingItem } from './onboarding-item.entity.ts'
import { OneTimeToken } from './one-time-token.entity.ts'
import { RateLimitHit } from './rate-limit-hit.entity.ts'
import { RecruitmentRound } from './recruitment-round.entity.ts'
import { Review } from './review.entity.ts'
import { Role } from './role.entity.ts'
import { Settings } from './settings.entity.ts'
import { StaffRecoveryCode } from './staff-recovery-code.entity.ts'
import { StaffSecondFactor } from './staff-second-factor.entity.ts'
import { StaffToken } from './staff-token.entity.ts'
import { StaffUser } from './staff-user.entity.ts'

export { Application, ApplicationDraft, ApplicationRole, AuditEvent, ConflictOfInterest, EmailMessage, EqualityResponse, Executive, NhsEmailCode, OfferLink, OnboardingItem, OneTimeToken, RateLimitHit, RecruitmentRound, Review, Role, Settings, StaffRecoveryCode, StaffSecondFactor, StaffToken, StaffUser }
export { InterestNotification, InterestRegistration, InterestRegistrationRole, InterestUnsubscribeLink }
// The board's own tables.
export { BoardBallot, BoardElectionRound, BoardElector, BoardHandoverNote, BoardNomination, BoardNote, BoardSettings, BoardTermReminder }

// Conversations with applicants.
export { Conversation, ConversationNote, ConversationSlot }

export const entities = [
  Application,
  ApplicationDraft,
  ApplicationRole,
  AuditEvent,
  BoardBallot,
  BoardElectionRound,
  BoardElector,
  BoardHandoverNote,
  BoardNomination,
  BoardNote,
  BoardSettings,
  BoardTermReminder,
  ConflictOfInterest,
  Conversation,
  ConversationNote,
  ConversationSlot,
  EmailMessage,
  EqualityResponse,
  Executive,
  InterestNotification,
  InterestRegistration,
  InterestRegistrationRole,
  InterestUnsubscribeLink,
  NhsEmailCode,
  OfferLink,
  OnboardingItem,
  OneTimeToken,
  RateLimitHit,
  RecruitmentRound,
  Review,
  Role,
  Settings,
  StaffRecoveryCode,
  StaffSecondFactor,
  StaffToken,
  StaffUser,
]
