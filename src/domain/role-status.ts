// The role status machine: a community manager opens, closes and archives role definitions; the
// daily task closes open roles past their closing date by the same close move.
import type { StatusMachine, Transition } from './status-machine.ts'

export const ROLE_STATUSES = ['draft', 'open', 'closed', 'archived'] as const
export type RoleStatus = (typeof ROLE_STATUSES)[number]

export const ROLE_STATUS_LABELS: Record<RoleStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  closed: 'Closed',
  archived: 'Archived',
}

export type RoleAction = 'open' | 'close' | 'archive'

/** Which statuses each action may start from, and how the audit log words it. */
export const ROLE_ACTIONS: Record<RoleAction, Transition<RoleStatus> & { past: string }> = {
  open: { from: ['draft', 'closed'], to: 'open', past: 'opened' },
  close: { from: ['open'], to: 'closed', past: 'closed' },
  archive: { from: ['draft', 'closed'], to: 'archived', past: 'archived' },
}

/** Roles the public may see: an open one takes applications, a closed one still explains itself. */
export const PUBLIC_ROLE_STATUSES: readonly RoleStatus[] = ['open', 'closed']

/** The admin list's order: the live roles first. */
export const ROLE_LIST_ORDER: readonly RoleStatus[] = ['open', 'draft', 'closed', 'archived']

export const ROLE_MACHINE: StatusMachine<RoleStatus, RoleAction> = {
  subject: 'role',
  statuses: ROLE_STATUSES,
  initial: 'draft',
  labels: ROLE_STATUS_LABELS,
  transitions: ROLE_ACTIONS,
  groups: { PUBLIC: PUBLIC_ROLE_STATUSES, LIST_ORDER: ROLE_LIST_ORDER },
}
