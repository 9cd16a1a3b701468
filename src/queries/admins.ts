import type { EntityManager } from 'typeorm'
import { StaffUser } from '../entities/index.ts'

/** Active admins, by name, read through the caller's manager (an action's emails go to those its transaction sees). */
export function admins(db: EntityManager): Promise<StaffUser[]> {
  return db.getRepository(StaffUser).createQueryBuilder('staff').where('staff.active').andWhere(`'admin' = ANY(staff.roles)`).orderBy('staff.name').getMany()
}
