import { In, type DataSource } from 'typeorm'
import { PUBLIC_ROLE_STATUSES } from '../domain/role-status.ts'
import { Role } from '../entities/index.ts'
import type { FormRole } from '../domain/application-answers.ts'
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

export class RoleService {
  /** Every role the public may see (open or closed), read on every public page. */
  private readonly publicRoles: TtlCache<Role[]>

  constructor(
    private readonly dataSource: DataSource,
    cacheSeconds = 0,
  ) {
    this.publicRoles = new TtlCache(cacheSeconds)
  }

  private listPublic(): Promise<Role[]> {
    return this.publicRoles.get(() =>
      this.dataSource.getRepository(Role).find({
        where: { status: In([...PUBLIC_ROLE_STATUSES]) },
        order: { displayOrder: 'ASC', title: 'ASC' },
      }),
    )
  }

  /** Forget the cached roles: call after changing a role. */
  changed(): void {
    this.publicRoles.clear()
  }

  /** Roles taking applications, in display order: what /roles lists and what people can apply for. */
  async listOpen(now = new Date()): Promise<Role[]> {
    return (await this.listPublic()).filter((role) => isRoleOpen(role, now))
  }

  /** The same roles, as the application form needs them. */
  async listOpenForApplication(): Promise<FormRole[]> {
    return (await this.listOpen()).map(({ slug, title, hoursPerWeek, skills, questions }) => ({
      slug,
      title,
      hoursPerWeek,
      skills,
      questions,
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
  async findPublic(slug: string): Promise<(Role & { isOpen: boolean }) | null> {
    const role = (await this.listPublic()).find((candidate) => candidate.slug === slug)
    return role ? { ...role, isOpen: isRoleOpen(role) } : null
  }
}
