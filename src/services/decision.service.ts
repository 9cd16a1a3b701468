import type { DataSource, EntityManager } from 'typeorm'
import { canTransition, type ApplicationStatus } from '../domain/application-status.ts'
import { DECISIONS, UNSUCCESSFUL_REASONS, type Decision, type UnsuccessfulReason } from '../domain/decisions.ts'
import { Application, type StaffUser } from '../entities/index.ts'
import type { MailService } from '../mail/outbox.ts'
import { StaleApplicationError, transition } from './application-status.service.ts'
import { createOfferLink } from './offer.service.ts'
import { AppError, ApplicationNotFoundError } from '../domain/errors.ts'

export class QuorumNotReachedError extends AppError {
  constructor(
    readonly reviews: number,
    readonly quorum: number,
  ) {
    super(`${reviews} of ${quorum} board reviews`)
  }
}

export interface Tally {
  reviews: number
  quorum: number
  quorumReached: boolean
  appoint: number
  maybe: number
  doNotAppoint: number
}

export interface DecisionRequest {
  reference: string
  /** The version the community manager saw: a decision on a changed application is refused. */
  version: number
  decision: Decision
  /** For an invitation to a conversation (required) or an offer (optional). */
  message?: string
  /** For an offer: one of the roles applied for. */
  roleId?: string
  /** For an unsuccessful outcome. */
  reason?: UnsuccessfulReason
  feedback?: string
}

export interface DecisionView {
  application: Application
  tally: Tally
  /** Decisions the status machine allows now. */
  allowed: Decision[]
}

/** Decisions by a community manager once enough board members have reviewed. */
export class DecisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
  ) {}

  async view(reference: string): Promise<DecisionView | null> {
    const application = await this.dataSource.getRepository(Application).findOne({
      where: { reference },
      relations: { roles: true },
      order: { roles: { preference: 'ASC' } },
    })
    if (!application || application.erasedAt) return null
    const tally = await this.tally(this.dataSource.manager, application.id)
    return { application, tally, allowed: allowedDecisions(application.status) }
  }

  /** Board reviews so far, from members who have not declared a conflict, against the quorum. */
  async tally(manager: EntityManager, applicationId: string): Promise<Tally> {
    const [row]: { reviews: number; appoint: number; maybe: number; do_not_appoint: number; quorum: number }[] = await manager.query(
      `SELECT count(r.id)::int AS reviews,
              count(*) FILTER (WHERE r.recommendation = 'appoint')::int AS appoint,
              count(*) FILTER (WHERE r.recommendation = 'maybe')::int AS maybe,
              count(*) FILTER (WHERE r.recommendation = 'do-not-appoint')::int AS do_not_appoint,
              (SELECT quorum FROM settings WHERE id = 1) AS quorum
       FROM counted_reviews r
       WHERE r.application_id = $1`,
      [applicationId],
    )
    const { reviews, appoint, maybe, do_not_appoint: doNotAppoint, quorum } = row!
    return { reviews, quorum, quorumReached: reviews >= quorum, appoint, maybe, doNotAppoint }
  }

  /**
   * Records a decision in one transaction: the status change (status machine, optimistic lock,
   * audit row) and the email to the applicant.
   */
  async decide(request: DecisionRequest, by: Pick<StaffUser, 'id'>): Promise<ApplicationStatus> {
    return this.dataSource.transaction(async (manager) => {
      const application = await manager.findOne(Application, { where: { reference: request.reference }, relations: { roles: true } })
      if (!application || application.erasedAt) throw new ApplicationNotFoundError(request.reference)
      if (application.version !== request.version) throw new StaleApplicationError()
      const tally = await this.tally(manager, application.id)
      if (!tally.quorumReached) throw new QuorumNotReachedError(tally.reviews, tally.quorum)

      const offered = request.decision === 'offer' ? application.roles?.find((choice) => choice.roleId === request.roleId) : undefined
      if (request.decision === 'offer' && !offered) throw new Error('An offer needs one of the roles applied for')
      const reason = UNSUCCESSFUL_REASONS.find((r) => r.value === request.reason)
      const note =
        request.decision === 'offer' ? `offered: ${offered!.roleTitle}` : request.decision === 'reject' ? `reason: ${reason?.value ?? 'none'}` : null

      const next = await transition(manager, application, request.decision, { type: 'staff', id: by.id }, note)
      if (offered) await manager.update(Application, { id: application.id }, { offeredRoleId: offered.roleId })
      // The accept and decline links are made with the offer: they exist exactly when it does.
      const offerLink = offered ? await createOfferLink(manager, application.id) : null

      if (application.email) {
        const roleTitles = (application.roles ?? []).sort((a, b) => a.preference - b.preference).map((choice) => choice.roleTitle)
        const common = { fullName: application.fullName, reference: application.reference, roleTitles }
        const key = `decision:${application.id}:${request.decision}:${next.version}`
        const email = {
          shortlist: { template: 'application-shortlisted', data: common },
          invite_to_interview: { template: 'conversation-invitation', data: { ...common, message: request.message ?? '' } },
          offer: {
            template: 'offer',
            data: { ...common, roleTitle: offered?.roleTitle, message: request.message ?? '', offerToken: offerLink?.token, respondBy: offerLink?.expiresAt },
          },
          reject: {
            template: 'application-unsuccessful',
            data: { ...common, reasonText: reason?.applicantText ?? null, feedback: request.feedback ?? '' },
          },
        }[request.decision]
        await this.mail.enqueue(manager, { key, to: application.email, ...email })
      }
      return next.status
    })
  }
}

export function allowedDecisions(status: ApplicationStatus): Decision[] {
  return DECISIONS.filter((decision) => canTransition(status, decision))
}

