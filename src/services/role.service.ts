import { In, type DataSource } from 'typeorm'
import { PUBLIC_ROLE_STATUSES } from '../domain/role-status.ts'
import { isFilled, takesApplications } from '../domain/places.ts'
import { Role } from '../entities/index.ts'
import type { FormRole } from '../domain/application-answers.ts'
import { rolePlaces } from '../queries/role-places.ts'
import { TtlCache } from './ttl-cache.ts'

// Made once: building an Intl formatter costs far more than using one.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })

/** Today's date in the UK as YYYY-MM-DD: closing dates are UK dates. */
export function todayInLondon(now = new Date()): string {
  return LONDON_DAY.format(now)
}

/** Open, and not past its closing date (a role closes itself at the end of that day). */
export function isRoleOpen(role: Pick<Role, 'status' | 'closesOn'>, now = new Date()): boolean {
  return role.status === 'open' && (role.closesOn === null || role.closesOn >= todayInLondon(now))
}

/** A role the public may see, with how many of its places are filled (src/domain/places.ts). */
export type PublicRole = Role & { placesFilled: number }

/** What the public role page shows about taking applications. */
export type RolePage = PublicRole & { isOpen: boolean; isFilled: boolean; takesApplications: boolean }

/** The role page's view of a role: `isOpen` is its status and closing date, then its places decide. */
export function rolePage(role: PublicRole, isOpen: boolean): RolePage {
  return { ...role, isOpen, isFilled: isFilled(role), takesApplications: isOpen && takesApplications(role) }
}

export class RoleService {
  /** Every role the public may see (open or closed), read on every public page. */
  private readonly publicRoles: TtlCache<PublicRole[]>

  constructor(
    private readonly dataSource: DataSource,
    cacheSeconds = 0,
  ) {
    this.publicRoles = new TtlCache(cacheSeconds)
  }

  private listPublic(): Promise<PublicRole[]> {
    return this.publicRoles.get(async () => {
      const roles = await this.dataSource.getRepository(Role).find({
        where: { status: In([...PUBLIC_ROLE_STATUSES]) },
        order: { displayOrder: 'ASC', title: 'ASC' },
      })
      const places = await rolePlaces(this.dataSource.manager, { roleIds: roles.map((role) => role.id) })
      return roles.map((role) => Object.assign(role, { placesFilled: places.get(role.id)?.placesFilled ?? 0 }))
    })
  }

  /** Forget the cached roles: call after changing a role. */
  changed(): void {
    this.publicRoles.clear()
  }

  /** Open roles in display order, filled or not: what /roles lists (a filled one says so). */
  async listOpen(now = new Date()): Promise<PublicRole[]> {
    return (await this.listPublic()).filter((role) => isRoleOpen(role, now))
  }

  /**
   * Open roles that take applications: not filled, or keeping a waiting list. What people can
   * apply for, and what matching suggests.
   */
  async listTakingApplications(now = new Date()): Promise<PublicRole[]> {
    return (await this.listOpen(now)).filter((role) => takesApplications(role))
  }

  /** The same roles, as the application form needs them. */
  async listOpenForApplication(): Promise<FormRole[]> {
    return (await this.listTakingApplications()).map((role) => ({
      slug: role.slug,
      title: role.title,
      hoursPerWeek: role.hoursPerWeek,
      skills: role.skills,
      questions: role.questions,
      waitingList: isFilled(role),
    }))
  }

  /** Roles by id whatever their status (what an application was for may since have closed), in display order. */
  async findByIds(ids: readonly string[]): Promise<Role[]> {
    if (ids.length === 0) return []
    return this.dataSource.getRepository(Role).find({ where: { id: In([...ids]) }, order: { displayOrder: 'ASC', title: 'ASC' } })
  }

  /**
   * A role the public may see: open or closed (a closed role still explains itself, without the
   * apply button). Draft and archived roles do not exist for the public.
   */
  async findPublic(slug: string): Promise<RolePage | null> {
    const role = (await this.listPublic()).find((candidate) => candidate.slug === slug)
    return role ? rolePage(role, isRoleOpen(role)) : null
  }
}
