import type { EntityManager } from 'typeorm'
import { TEAM_PAGE_EXECUTIVE_STATUSES } from '../domain/executive-status.ts'
import { todayInLondon } from '../services/role.service.ts'

export interface TeamMember {
  name: string
  /** The executive role's title, or "Board member". */
  roleTitle: string
  organisation: string | null
  bio: string | null
}

/**
 * The public team page: active executives who opted in (in the roles' order), then board members
 * who opted in and whose board term has not ended. Nobody in onboarding or with an ended term is
 * listed.
 */
export async function teamMembers(db: EntityManager, { now = new Date() }: { now?: Date } = {}): Promise<{ executives: TeamMember[]; board: TeamMember[] }> {
  const executives: { name: string; role_title: string; organisation: string | null; bio: string | null }[] = await db.query(
    `SELECT e.name, r.title AS role_title, e.organisation, e.bio
     FROM executives e JOIN roles r ON r.id = e.role_id
     WHERE e.status = ANY($1::text[]) AND e.show_on_team
     ORDER BY r.display_order, r.title, e.name`,
    [TEAM_PAGE_EXECUTIVE_STATUSES],
  )
  const board: { name: string; organisation: string | null; bio: string | null }[] = await db.query(
    `SELECT name, team_organisation AS organisation, team_bio AS bio
     FROM staff_users
     WHERE active AND show_on_team AND 'board-member' = ANY(roles)
       AND (board_term_ends_on IS NULL OR board_term_ends_on >= $1::date)
     ORDER BY name`,
    [todayInLondon(now)],
  )
  return {
    executives: executives.map((row) => ({ name: row.name, roleTitle: row.role_title, organisation: row.organisation, bio: row.bio })),
    board: board.map((row) => ({ name: row.name, roleTitle: 'Board member', organisation: row.organisation, bio: row.bio })),
  }
}
