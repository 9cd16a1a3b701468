// The audit log in words for the admins who read it (/admin/audit). The audit table keeps keys,
// ids and statuses ("settings.updated", "reminder_days: 7 -> 5"); this turns them into what a
// person reads. Anything it does not know yet (a new kind of event) is still shown in words made
// from its key, never as the bare key.
import { STATUS_LABELS, type ApplicationStatus } from './application-status.ts'
import { UNSUCCESSFUL_REASONS } from './decisions.ts'
import { EXECUTIVE_STATUS_LABELS, type ExecutiveStatus } from './executive-status.ts'
import { CHECKLIST_OWNER_LABELS } from './onboarding.ts'
import type { ChecklistOwner } from './role-definition.ts'
import { ROLE_STATUS_LABELS, type RoleStatus } from './role-status.ts'
import { RECOMMENDATION_LABELS, type Recommendation } from './scoring.ts'
import { STAFF_ROLE_LABELS, type StaffRole } from './staff-roles.ts'

const ACTIONS: Record<string, string> = {
  'application.submitted': 'Application sent',
  'application.first_review': 'First board review',
  'application.shortlist': 'Shortlisted',
  'application.invite_to_interview': 'Invited to a conversation',
  'application.offer': 'Offered a role',
  'conversation.offered': 'Conversation times offered',
  'conversation.booked': 'Conversation time picked by the applicant',
  'conversation.none_suit': 'No conversation time suited the applicant',
  'conversation.rescheduled': 'Conversation moved to another time',
  'conversation.cancelled': 'Conversation cancelled',
  'conversation.reminded': 'Reminded of the conversation',
  'conversation.notes_submitted': 'Notes on the conversation sent',
  'application.accept_offer': 'Offer accepted',
  'application.decline_offer': 'Offer declined',
  'application.start_onboarding': 'Getting started began',
  'application.complete_onboarding': 'Getting started finished',
  'application.reject': 'Marked as not successful',
  'application.withdraw': 'Withdrawn',
  'application.withdrawn': 'Withdrawn by the applicant',
  'application.erased': 'Personal details deleted at the applicant’s request',
  'application.anonymised': 'Personal details removed after the retention period',
  'review.submitted': 'Review sent',
  'review.updated': 'Review changed',
  'review.deleted': 'Review deleted',
  'conflict.declared': 'Conflict of interest declared',
  'executive.created': 'Executive record made',
  'executive.activated': 'Getting started finished',
  'executive.signed-in': 'Signed in with an emailed link',
  'executive.profile-changed': 'Team page profile changed',
  'executive.handover-notes-changed': 'Handover notes changed',
  'executive.term-end-changed': 'End of term changed',
  'executive.term-reminder-sent': 'Reminded that the term ends soon',
  'executive.term-ended': 'Term ended',
  'onboarding.item-added': 'Checklist item added',
  'onboarding.item-done': 'Checklist item done',
  'onboarding.item-undone': 'Checklist item marked as not done',
  'onboarding.item-reassigned': 'Checklist item given to someone else',
  'role.created': 'Role created',
  'role.updated': 'Role changed',
  'role.opened': 'Role opened',
  'role.closed': 'Role closed',
  'role.archived': 'Role archived',
  'staff.created': 'Staff account made',
  'staff.first-admin-created': 'First admin account made',
  'staff.invitation-accepted': 'Invitation accepted',
  'staff.password-reset': 'Password reset',
  'staff.updated': 'Staff account changed',
  'staff.deactivated': 'Staff account deactivated',
  'staff.team-profile-changed': 'Team page profile changed',
  'settings.updated': 'Settings changed',
  'email.test-queued': 'Test email sent',
  'email.resent': 'Email sent again',
  'data.exported': 'Personal data exported',
}

const SUBJECT_TYPES: Record<string, string> = {
  application: 'Application',
  staff_user: 'Staff account',
  role: 'Role',
  executive: 'Executive',
  onboarding_item: 'Checklist item',
  email_message: 'Email',
  settings: 'Settings',
  data_export: 'Data export',
}

const STATUSES: Record<string, Record<string, string>> = {
  application: STATUS_LABELS satisfies Record<ApplicationStatus, string>,
  role: ROLE_STATUS_LABELS satisfies Record<RoleStatus, string>,
  executive: EXECUTIVE_STATUS_LABELS satisfies Record<ExecutiveStatus, string>,
  email_message: { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed' },
}

/** The settings columns a settings.updated note names, as the settings page labels them. */
const SETTINGS_FIELDS: Record<string, string> = {
  community_name: 'Name of the community',
  contact_email: 'Contact email address',
  quorum: 'Quorum',
  blind_review: 'Blind review',
  reminder_days: 'Reminder days',
  retention_months: 'Retention months',
  reference_prefix: 'Application reference prefix',
  nhs_email_domains: 'NHS email domains',
  website_url: 'Community website',
  slack_invite_url: 'Slack invite link',
  code_of_conduct_url: 'Code of conduct',
  publish_recruitment_summary: 'Public recruitment summary',
}

/** "some-key_here" as words: "Some key here". */
export function wordsFromKey(key: string): string {
  const words = key.replace(/[-_.]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** "settings.updated" -> "Settings changed"; an action not listed here, from its key ("Interest: confirmed"). */
export function auditActionText(action: string): string {
  const known = ACTIONS[action]
  if (known) return known
  const dot = action.indexOf('.')
  return dot > 0 ? `${wordsFromKey(action.slice(0, dot))}: ${wordsFromKey(action.slice(dot + 1)).toLowerCase()}` : wordsFromKey(action)
}

export function auditSubjectTypeText(subjectType: string): string {
  return SUBJECT_TYPES[subjectType] ?? wordsFromKey(subjectType)
}

/** A status in the words of its own machine: "in_review" of an application is "Being reviewed". */
export function auditStatusText(subjectType: string, status: string): string {
  return STATUSES[subjectType]?.[status] ?? wordsFromKey(status)
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

function dateText(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? LONG_DATE.format(new Date(`${value}T12:00:00Z`)) : value
}

function settingValue(column: string, value: string): string {
  if (column === 'blind_review' || column === 'publish_recruitment_summary') return value === 'true' ? 'on' : value === 'false' ? 'off' : value
  if (column === 'nhs_email_domains') return value.split(',').join(', ')
  return value
}

/** "quorum: 2 -> 3; community_name" -> "Quorum changed from 2 to 3. Name of the community changed." */
function settingsNote(note: string): string {
  return note
    .split('; ')
    .map((part) => {
      const change = /^([a-z_]+): (.*) -> (.*)$/.exec(part)
      if (change) {
        const [, column, from, to] = change as unknown as [string, string, string, string]
        return `${SETTINGS_FIELDS[column] ?? wordsFromKey(column)} changed from ${settingValue(column, from)} to ${settingValue(column, to)}.`
      }
      return `${SETTINGS_FIELDS[part] ?? wordsFromKey(part)} changed.`
    })
    .join(' ')
}

/** Names the query found for ids and keys in notes: executives by id, roles by slug. */
export interface AuditNoteNames {
  executives: Record<string, string>
  roles: Record<string, string>
}

function staffRoles(value: string): string {
  return value
    .split(', ')
    .map((role) => STAFF_ROLE_LABELS[role as StaffRole] ?? role)
    .join(', ')
}

/** One "key: value" part of a note, in words; a part that is not one is only capitalised. */
function notePart(part: string, names: AuditNoteNames): string {
  const pair = /^([a-z][a-z ]*): (.*)$/.exec(part)
  if (!pair) return capitalised(part)
  const [, key, value] = pair as unknown as [string, string, string]
  switch (key) {
    case 'executive':
      return `Executive: ${names.executives[value] ?? 'no longer held'}`
    case 'owner':
      return `Done by: ${CHECKLIST_OWNER_LABELS[value as ChecklistOwner]?.toLowerCase() ?? value}`
    case 'role':
      return `Role: ${names.roles[value] ?? value}`
    case 'recommendation':
      return `Recommendation: ${RECOMMENDATION_LABELS[value as Recommendation]?.toLowerCase() ?? value}`
    case 'reason':
      return `Reason: ${UNSUCCESSFUL_REASONS.find((reason) => reason.value === value)?.text.toLowerCase() ?? value}`
    case 'term ends':
      return `Term ends: ${dateText(value)}`
    default:
      return `${capitalised(key)}: ${value}`
  }
}

/** An audit row's note in words, or null when it has none. */
export function auditNoteText(action: string, note: string | null, names: AuditNoteNames): string | null {
  if (!note) return null
  if (action === 'settings.updated') return settingsNote(note)
  if (action === 'staff.created' || action === 'staff.updated') return `Roles: ${staffRoles(note)}`
  if (action === 'role.created') return `Web address: /roles/${note}`
  if (action === 'data.exported') {
    return note
      .split('; ')
      .map((part) => part.replace(/^([a-z_]+): /, (_, table: string) => `${wordsFromKey(table)}: `))
      .join('; ')
  }
  return note
    .split('; ')
    .map((part) => notePart(part, names))
    .join('; ')
}
