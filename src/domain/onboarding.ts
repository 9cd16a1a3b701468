// Executives and their onboarding checklists: pure rules, no I/O.
import type { ExecutiveStatus } from './executive-status.ts'
import type { ChecklistOwner, ChecklistTemplateItem } from './role-definition.ts'
import type { CommunityLinks } from './settings.ts'

// An executive's status and its machine live in executive-status.ts.
export { EXECUTIVE_STATUSES, EXECUTIVE_STATUS_LABELS, type ExecutiveStatus } from './executive-status.ts'

export const EXECUTIVE_STATUS_COLOURS: Record<ExecutiveStatus, string> = {
  onboarding: 'blue',
  active: 'green',
  ended: 'grey',
}

export const CHECKLIST_OWNERS: readonly ChecklistOwner[] = ['community-manager', 'executive']

export const CHECKLIST_OWNER_LABELS: Record<ChecklistOwner, string> = {
  'community-manager': 'Community manager',
  executive: 'Executive',
}

/** Limits shared by the forms and the database's CHECK constraints. */
export const BIO_MAX_LENGTH = 500
export const ORGANISATION_MAX_LENGTH = 200
export const HANDOVER_NOTES_MAX_LENGTH = 5000
export const ITEM_TITLE_MAX_LENGTH = 200

/** How many days before a term ends the executive and the community managers are reminded. */
export const TERM_REMINDER_DAYS = 30

/**
 * Items every new executive works through, whatever their role. The first three come before the
 * role's own items and the team page profile comes last, once they have settled in.
 */
export const COMMON_ITEMS_FIRST: readonly ChecklistTemplateItem[] = [
  { key: 'welcome-call', title: 'Welcome call with the community manager', owner: 'community-manager', dueInDays: 7 },
  { key: 'join-slack', title: 'Join the community’s Slack workspace', owner: 'executive', dueInDays: 7 },
  { key: 'code-of-conduct', title: 'Read the code of conduct', owner: 'executive', dueInDays: 7 },
]
export const COMMON_ITEMS_LAST: readonly ChecklistTemplateItem[] = [
  { key: 'team-profile', title: 'Add a profile to the team page', owner: 'executive', dueInDays: 14 },
]

/**
 * The community's link for a common item ("Join the community's Slack workspace": the invite
 * link), where the settings have one; null otherwise, and the item is shown without a link.
 */
export function checklistItemLink(key: string | null, links: Pick<CommunityLinks, 'slackInviteUrl' | 'codeOfConductUrl'>): string | null {
  if (key === 'join-slack') return links.slackInviteUrl ?? null
  if (key === 'code-of-conduct') return links.codeOfConductUrl ?? null
  return null
}

export interface PlannedItem {
  key: string | null
  title: string
  owner: ChecklistOwner
  dueOn: string
  position: number
}

/** 'YYYY-MM-DD' plus whole days, in the calendar (no time zones involved). */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`)
  value.setUTCDate(value.getUTCDate() + days)
  return value.toISOString().slice(0, 10)
}

/** The same day a year later; 29 February becomes 28 February. */
export function addOneYear(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const value = new Date(Date.UTC(year + 1, month - 1, day))
  if (value.getUTCMonth() !== month - 1) value.setUTCDate(0)
  return value.toISOString().slice(0, 10)
}

/**
 * The checklist for a new executive: the common items around the role's own template, due a
 * number of days after the start date. A role item with a common item's key is left out.
 */
export function planChecklist(template: readonly ChecklistTemplateItem[], startsOn: string): PlannedItem[] {
  const commonKeys = new Set([...COMMON_ITEMS_FIRST, ...COMMON_ITEMS_LAST].map((item) => item.key))
  const roleItems = template.filter((item) => !commonKeys.has(item.key))
  return [...COMMON_ITEMS_FIRST, ...roleItems, ...COMMON_ITEMS_LAST].map((item, index) => ({
    key: item.key,
    title: item.title,
    owner: item.owner,
    dueOn: addDays(startsOn, Math.max(0, Math.floor(item.dueInDays))),
    position: index + 1,
  }))
}

/** "3 of 7 done". */
export function progressText(done: number, total: number): string {
  return `${done} of ${total} done`
}
