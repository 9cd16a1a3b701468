// What staff can be. One person may hold several.

export const STAFF_ROLES = ['board-member', 'community-manager', 'admin'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  'board-member': 'Board member',
  'community-manager': 'Community manager',
  admin: 'Admin',
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value)
}
