import { APPLICATION_MACHINE } from '../../domain/application-status.ts'
import { EXECUTIVE_MACHINE, isCurrentExecutive } from '../../domain/executive-status.ts'
import { allows, nextStatus } from '../../domain/status-machine.ts'
import { Application } from '../../entities/index.ts'
import { communityManagers } from '../../queries/community-managers.ts'
import type { Action, Actor, Tx } from '../tx.ts'
import { ExecutiveEndedError, lockExecutive, remainingItems, StaleExecutiveError, type LockedExecutive } from './executive-record.ts'

export interface ActivateExecutive {
  executiveId: string
  /** The version the community manager saw. */
  version: number
}

/**
 * Onboarding is over: the executive (and their application) become active; the managers are
 * told. Reached when the last item is ticked (tickOnboardingItem, `version` null: the row is
 * locked already) or by a community manager's early activation (with the version they saw).
 * `note` says why it was early, or is null.
 */
export async function completeOnboarding(tx: Tx, executive: LockedExecutive, actor: Actor, note: string | null, version: number | null): Promise<void> {
  const to = nextStatus(EXECUTIVE_MACHINE, executive.status, 'activate')
  const [, changed]: [unknown[], number] = await tx.manager.query(
    `UPDATE executives SET status = $2, activated_at = now(), version = version + 1, updated_at = now()
     WHERE id = $1 AND status = $3${version === null ? '' : ' AND version = $4'}`,
    version === null ? [executive.id, to, executive.status] : [executive.id, to, executive.status, version],
  )
  if (changed !== 1) throw new StaleExecutiveError()
  await tx.audit(actor, { action: 'executive.activated', subjectType: 'executive', subjectId: executive.id, fromStatus: executive.status, toStatus: to, note })
  const application = await tx.manager.findOneBy(Application, { id: executive.application_id })
  if (application && allows(APPLICATION_MACHINE, application.status, 'complete_onboarding')) {
    await tx.transition(application, 'complete_onboarding', actor)
  }
  for (const staff of await communityManagers(tx.manager)) {
    await tx.email({
      key: `onboarding-complete:${executive.id}:${staff.id}`,
      template: 'onboarding-complete',
      to: staff.email,
      data: { managerName: staff.name, name: executive.name, roleTitle: executive.role_title, executiveId: executive.id, early: note !== null },
    })
  }
}

/** A community manager marks the executive active before every item is done. */
export const activateExecutive: Action<ActivateExecutive, void> = async (tx, { executiveId, version }, actor) => {
  const executive = await lockExecutive(tx.manager, executiveId)
  if (!isCurrentExecutive(executive.status)) throw new ExecutiveEndedError()
  if (executive.version !== version || !allows(EXECUTIVE_MACHINE, executive.status, 'activate')) throw new StaleExecutiveError()
  const remaining = await remainingItems(tx.manager, executiveId)
  await completeOnboarding(tx, executive, actor, remaining > 0 ? `${remaining} item(s) not done` : null, version)
}
