import type { EntityManager } from 'typeorm'
import { StaffUser } from '../entities/index.ts'

/**
 * Active community managers, who hear about offers, completed onboarding and ending terms. Read
 * through the caller's manager, so that an action's emails go to those its transaction sees.
 */
export function communityManagers(db: EntityManager): Promise<StaffUser[]> {
  return db
    .getRepository(StaffUser)
    .createQueryBuilder('staff')
    .where('staff.active')
    .andWhere(`'community-manager' = ANY(staff.roles)`)
    .orderBy('staff.name')
    .getMany()
}
