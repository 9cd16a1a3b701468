import type { Decision } from '../../domain/decisions.ts'
import { AppError, ApplicationNotFoundError } from '../../domain/errors.ts'
import { Application } from '../../entities/index.ts'
import { decisionTally } from '../../queries/decision-page.ts'
import { StaleApplicationError, type VersionedApplication } from '../../services/application-status.service.ts'
import type { Tx } from '../tx.ts'

// What every decision by a community manager has in common: the application as they saw it,
// a quorum of board reviews, and the email that tells the applicant.

export class QuorumNotReachedError extends AppError {
  constructor(
    readonly reviews: number,
    readonly quorum: number,
  ) {
    super(`${reviews} of ${quorum} board reviews`)
  }
}

export interface DecisionOn {
  reference: string
  /** The version the community manager saw: a decision on a changed application is refused. */
  version: number
}

/**
 * The application to decide on, with its roles, locked to the version the community manager saw.
 * Throws ApplicationNotFoundError (none, or erased), StaleApplicationError (changed since),
 * then QuorumNotReachedError (too few counted board reviews).
 */
export async function applicationForDecision(tx: Tx, { reference, version }: DecisionOn): Promise<Application> {
  const application = await tx.manager.findOne(Application, { where: { reference }, relations: { roles: true } })
  if (!application || application.erasedAt) throw new ApplicationNotFoundError(reference)
  if (application.version !== version) throw new StaleApplicationError()
  const tally = await decisionTally(tx.manager, { applicationId: application.id })
  if (!tally.quorumReached) throw new QuorumNotReachedError(tally.reviews, tally.quorum)
  return application
}

/**
 * Queues the email that tells the applicant of the decision (none if the address is gone),
 * keyed by the decision and the application's new version: one email per decision.
 */
export async function emailDecision(
  tx: Tx,
  application: Application,
  decision: Decision,
  next: VersionedApplication,
  email: { template: string; data?: Record<string, unknown> },
): Promise<void> {
  if (!application.email) return
  const roleTitles = (application.roles ?? []).sort((a, b) => a.preference - b.preference).map((choice) => choice.roleTitle)
  const common = { fullName: application.fullName, reference: application.reference, roleTitles }
  await tx.email({
    key: `decision:${application.id}:${decision}:${next.version}`,
    to: application.email,
    template: email.template,
    data: { ...common, ...email.data },
  })
}
