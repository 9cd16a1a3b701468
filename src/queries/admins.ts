import type { EntityManager } from 'typeorm'
import { StaffUser } from '../entities/index.ts'

export interface AdminContact {
  id: string
  name: string
  email: string
}

/** Active admins by name: who can give a staff member a role they are missing. */
export function activeAdmins(db: EntityManager): Promise<AdminContact[]> {
  return db.query(`SELECT "id", "name", "email" FROM "staff_users" WHERE "active" AND 'admin' = ANY("roles") ORDER BY "name", "email"`)
}

/** Active admins, by name, read through the caller's manager (an action's emails go to those its transaction sees). */
export function admins(db: EntityManager): Promise<StaffUser[]> {
  return db.getRepository(StaffUser).createQueryBuilder('staff').where('staff.active').andWhere(`'admin' = ANY(staff.roles)`).orderBy('staff.name').getMany()
}
