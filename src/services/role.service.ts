import type { DataSource } from 'typeorm'
import { Role } from '../entities/index.ts'
import type { FormRole } from '../forms/apply/steps.ts'

/** Today's date in the UK as YYYY-MM-DD: closing dates are UK dates. */
export function todayInLondon(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now)
}

/** Open, and not past its closing date (a role closes itself at the end of that day). */
export function isRoleOpen(role: Pick<Role, 'status' | 'closesOn'>, now = new Date()): boolean {
  return role.status === 'open' && (role.closesOn === null || role.closesOn >= todayInLondon(now))
}

export class RoleService {
  constructor(private readonly dataSource: DataSource) {}

  /** Roles taking applications, in display order: what /roles lists and what people can apply for. */
  async listOpen(now = new Date()): Promise<Role[]> {
    const roles = await this.dataSource
      .getRepository(Role)
      .createQueryBuilder('role')
      .where(`role.status = 'open'`)
      .andWhere('(role.closes_on IS NULL OR role.closes_on >= :today)', { today: todayInLondon(now) })
      .orderBy('role.display_order', 'ASC')
      .addOrderBy('role.title', 'ASC')
      .getMany()
    return roles
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

  /**
   * A role the public may see: open or closed (a closed role still explains itself, without the
   * apply button). Draft and archived roles do not exist for the public.
   */
  async findPublic(slug: string): Promise<(Role & { isOpen: boolean }) | null> {
    const role = await this.dataSource.getRepository(Role).findOneBy({ slug })
    if (!role || role.status === 'draft' || role.status === 'archived') return null
    return Object.assign(role, { isOpen: isRoleOpen(role) })
  }
}
