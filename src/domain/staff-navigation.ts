// The staff areas of the service, who may open each, and the header's navigation built from them.
import { STAFF_ROLE_LABELS, type StaffRole } from './staff-roles.ts'

export interface StaffArea {
  text: string
  href: string
  /** Any of these roles opens the area; none means every staff account. */
  roles: readonly StaffRole[]
}

/** In the order of the header's navigation: the day-to-day work first, administration after. */
export const STAFF_AREAS: readonly StaffArea[] = [
  { text: 'Applications', href: '/review', roles: ['board-member', 'community-manager'] },
  { text: 'Board', href: '/board', roles: ['board-member', 'admin'] },
  { text: 'Onboarding', href: '/onboarding', roles: ['community-manager'] },
  { text: 'Reports', href: '/reports', roles: ['board-member', 'community-manager'] },
  { text: 'Roles', href: '/admin/roles', roles: ['community-manager'] },
  { text: 'Users', href: '/admin/users', roles: ['admin'] },
  { text: 'Settings', href: '/admin/settings', roles: ['admin'] },
  { text: 'Emails', href: '/admin/emails', roles: ['admin'] },
  { text: 'Audit log', href: '/admin/audit', roles: ['admin'] },
  { text: 'Your account', href: '/account', roles: [] },
]

/** One item of the NHS header's navigation (nhsuk-frontend's `navigation.items`). */
export interface NavigationItem {
  text: string
  href: string
  /** This is the area's own page: aria-current="page". */
  current: boolean
  /** A page inside the area: aria-current="true". */
  active: boolean
}

export function mayOpen(area: Pick<StaffArea, 'roles'>, roles: readonly StaffRole[]): boolean {
  return area.roles.length === 0 || area.roles.some((role) => roles.includes(role))
}

/** The areas these roles open, with the one holding `path` marked. */
export function staffNavigation(roles: readonly StaffRole[], path: string): NavigationItem[] {
  return STAFF_AREAS.filter((area) => mayOpen(area, roles)).map((area) => ({
    text: area.text,
    href: area.href,
    current: path === area.href,
    active: path !== area.href && path.startsWith(`${area.href}/`),
  }))
}

/** "the community manager role", "the board member or community manager role", in lower case for a sentence. */
export function rolesInWords(roles: readonly StaffRole[]): string {
  const names = roles.map((role) => STAFF_ROLE_LABELS[role].toLowerCase())
  if (names.length <= 1) return `the ${names[0] ?? 'staff'} role`
  return `the ${names.slice(0, -1).join(', ')} or ${names.at(-1)} role`
}
