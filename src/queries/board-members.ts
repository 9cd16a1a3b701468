import type { EntityManager } from 'typeorm'
import { StaffUser } from '../entities/index.ts'

/** Active board members by name; only those who chose `newApplicationEmails` when it is given. */
export async function boardMembers(db: EntityManager, options: { newApplicationEmails?: 'immediate' | 'digest' } = {}): Promise<StaffUser[]> {
  const query = db
    .getRepository(StaffUser)
    .createQueryBuilder('staff')
    .where('staff.active')
    .andWhere(`'board-member' = ANY(staff.roles)`)
    .orderBy('staff.name')
  if (options.newApplicationEmails) query.andWhere('staff.new_application_emails = :choice', { choice: options.newApplicationEmails })
  return query.getMany()
}
