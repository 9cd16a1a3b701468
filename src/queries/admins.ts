import type { EntityManager } from 'typeorm'

export interface AdminContact {
  id: string
  name: string
  email: string
}

/** Active admins by name: who can give a staff member a role they are missing. */
export function activeAdmins(db: EntityManager): Promise<AdminContact[]> {
  return db.query(`SELECT "id", "name", "email" FROM "staff_users" WHERE "active" AND 'admin' = ANY("roles") ORDER BY "name", "email"`)
}
