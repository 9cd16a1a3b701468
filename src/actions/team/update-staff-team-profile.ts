import { StaffUser } from '../../entities/index.ts'
import type { Action } from '../tx.ts'

export interface UpdateStaffTeamProfile {
  /** The staff member whose profile it is. */
  userId: string
  profile: { showOnTeam: boolean; bio: string | null; organisation: string | null }
}

/** A staff member's own team page profile, changed by them at /account or by an admin. */
export const updateStaffTeamProfile: Action<UpdateStaffTeamProfile, void> = async (tx, { userId, profile }, actor) => {
  await tx.manager.update(StaffUser, { id: userId }, { showOnTeam: profile.showOnTeam, teamBio: profile.bio, teamOrganisation: profile.organisation })
  await tx.audit(actor, {
    action: 'staff.team-profile-changed',
    subjectType: 'staff_user',
    subjectId: userId,
    note: profile.showOnTeam ? 'shown on the team page' : 'not shown on the team page',
  })
}
