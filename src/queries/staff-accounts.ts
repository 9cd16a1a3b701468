import type { EntityManager } from 'typeorm'
import { StaffUser } from '../entities/index.ts'

/** Every staff account for /admin/users: active ones first, by name. */
export function staffAccounts(db: EntityManager): Promise<StaffUser[]> {
  return db.getRepository(StaffUser).find({ order: { active: 'DESC', name: 'ASC' } })
}
