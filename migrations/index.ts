// Every migration, in order. Listed by hand so that the compiled app and tsx load the same set
// without globbing the file system.
import { InitialSchema1764172800000 } from './1764172800000-initial-schema.ts'
import { Applications1764259200000 } from './1764259200000-applications.ts'
import { EmailOutbox1764302400000 } from './1764302400000-email-outbox.ts'
import { Staff1764345600000 } from './1764345600000-staff.ts'
import { Reviews1764432000000 } from './1764432000000-reviews.ts'
import { Decisions1764518400000 } from './1764518400000-decisions.ts'
import { QueueIndexes1764604800000 } from './1764604800000-queue-indexes.ts'
import { Onboarding1764691200000 } from './1764691200000-onboarding.ts'
import { WorkerHeartbeats1764784800000 } from './1764784800000-worker-heartbeats.ts'
import { ApplicationRoleMatchSnapshot1764871200000 } from './1764871200000-application-role-match-snapshot.ts'
import { CountedReviews1764957600000 } from './1764957600000-counted-reviews.ts'
import { EmailLinkTokens1765000800000 } from './1765000800000-email-link-tokens.ts'
import { NhsEmailVerification1765216800000 } from './1765216800000-nhs-email-verification.ts'
import { DropStaffLockColumns1765900000000 } from './1765900000000-drop-staff-lock-columns.ts'
import { RedactLegacyEmailLinks1765901000000 } from './1765901000000-redact-legacy-email-links.ts'
import { BoardSeats1766100000000 } from './1766100000000-board-seats.ts'
import { BoardNotes1766101000000 } from './1766101000000-board-notes.ts'
import { BoardElections1766102000000 } from './1766102000000-board-elections.ts'
import { BoardBallots1766103000000 } from './1766103000000-board-ballots.ts'
import { BoardHandoverNotes1766104000000 } from './1766104000000-board-handover-notes.ts'

export const migrations = [InitialSchema1764172800000, Applications1764259200000, EmailOutbox1764302400000, Staff1764345600000, Reviews1764432000000, Decisions1764518400000, QueueIndexes1764604800000, Onboarding1764691200000, WorkerHeartbeats1764784800000, ApplicationRoleMatchSnapshot1764871200000, CountedReviews1764957600000, EmailLinkTokens1765000800000, NhsEmailVerification1765216800000, DropStaffLockColumns1765900000000, RedactLegacyEmailLinks1765901000000, BoardSeats1766100000000, BoardNotes1766101000000, BoardElections1766102000000, BoardBallots1766103000000, BoardHandoverNotes1766104000000]
