import type { DataSource } from 'typeorm'
import { TEAM_PAGE_EXECUTIVE_STATUSES } from '../domain/executive-status.ts'
import { StaffUser } from '../entities/index.ts'
import { audit } from './audit.ts'
import { todayInLondon } from './role.service.ts'

export interface TeamMember {
  name: string
  /** The executive role's title, or "Board member". */
  roleTitle: string
  organisation: string | null
  bio: string | null
}

export interface StaffTeamProfile {
  showOnTeam: boolean
  bio: string | null
  organisation: string | null
}

/** The public team page: people who chose to be listed, and the staff profiles behind it. */
export class TeamService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Active executives who opted in (in the roles' order), then board members who opted in and
   * whose board term has not ended. Nobody in onboarding or with an ended term is listed.
   */
  async members(now = new Date()): Promise<{ executives: TeamMember[]; board: TeamMember[] }> {
    const executives: { name: string; role_title: string; organisation: string | null; bio: string | null }[] = await this.dataSource.query(
      `SELECT e.name, r.title AS role_title, e.organisation, e.bio
       FROM executives e JOIN roles r ON r.id = e.role_id
       WHERE e.status = ANY($1::text[]) AND e.show_on_team
       ORDER BY r.display_order, r.title, e.name`,
      [TEAM_PAGE_EXECUTIVE_STATUSES],
    )
    const board: { name: string; organisation: string | null; bio: string | null }[] = await this.dataSource.query(
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

  /** A staff member's own team page profile, changed by them at /account or by an admin. */
  async updateStaffProfile(userId: string, profile: StaffTeamProfile, by: Pick<StaffUser, 'id'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(StaffUser, { id: userId }, { showOnTeam: profile.showOnTeam, teamBio: profile.bio, teamOrganisation: profile.organisation })
      await audit(manager, { type: 'staff', id: by.id }, {
        action: 'staff.team-profile-changed',
        subjectType: 'staff_user',
        subjectId: userId,
        note: profile.showOnTeam ? 'shown on the team page' : 'not shown on the team page',
      })
    })
  }
}
