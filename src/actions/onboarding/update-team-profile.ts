import type { Action } from '../tx.ts'
import { changeExecutive } from './executive-record.ts'

export interface UpdateTeamProfile {
  /** The signed-in executive. */
  executiveId: string
  changes: { bio: string | null; organisation: string | null; showOnTeam: boolean }
  /** The version they saw. */
  version: number
}

/** The executive's own team page profile. */
export const updateTeamProfile: Action<UpdateTeamProfile, void> = async (tx, { executiveId, changes, version }, actor) => {
  await changeExecutive(tx.manager, executiveId, version, { bio: changes.bio, organisation: changes.organisation, show_on_team: changes.showOnTeam })
  await tx.audit(actor, {
    action: 'executive.profile-changed',
    subjectType: 'executive',
    subjectId: executiveId,
    note: changes.showOnTeam ? 'shown on the team page' : 'not shown on the team page',
  })
}
