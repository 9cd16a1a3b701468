import type { DataSource, EntityManager } from 'typeorm'
import { IllegalTransitionError, OFFER_ACCEPTED_STATUSES, type ApplicationStatus } from '../domain/application-status.ts'
import { Application, OfferLink, Role } from '../entities/index.ts'
import type { MailService } from '../mail/outbox.ts'
import { StaleApplicationError, transition } from './application-status.service.ts'
import { SYSTEM, type Actor } from './audit.ts'
import { communityManagers, type OnboardingService } from './onboarding.service.ts'
import { createToken, hashToken, isWellFormedToken } from './tokens.ts'

/** How long the accept and decline links in an offer email work. */
export const OFFER_LINK_DAYS = 14

const APPLICANT: Actor = { type: 'applicant', id: null }

export type OfferAnswer = 'accept' | 'decline'

/** What an offer link leads to now. */
export type OfferState =
  /** Not a token we could have issued. */
  | { kind: 'malformed' }
  /** Well formed, but no offer has it (mistyped, tampered with, or the applicant's data was erased). */
  | { kind: 'unknown' }
  | { kind: 'expired'; reference: string; roleTitle: string }
  /** Answered already, or closed another way (withdrawn, unsuccessful). */
  | { kind: 'answered'; outcome: 'accepted' | 'declined' | 'closed'; reference: string; roleTitle: string }
  | { kind: 'open'; reference: string; roleTitle: string; fullName: string; expiresAt: Date }

export interface OfferResult {
  /** True when this request recorded the answer; otherwise nothing changed and `state` says why. */
  done: boolean
  state: OfferState
}

interface LinkRow {
  link_id: string
  expires_at: Date
  application_id: string
  status: ApplicationStatus
  version: number
  reference: string
  full_name: string | null
  erased_at: Date | null
  offered_role_id: string | null
  role_title: string | null
}

/**
 * Makes the offer's one-time link in the caller's transaction (the one that records the offer).
 * Only a hash is stored; the token goes into the offer email.
 */
export async function createOfferLink(manager: EntityManager, applicationId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = createToken()
  const expiresAt = new Date(now.getTime() + OFFER_LINK_DAYS * 24 * 60 * 60 * 1000)
  await manager.insert(OfferLink, { applicationId, tokenHash: hash, expiresAt })
  return { token, expiresAt }
}

function stateOf(row: LinkRow | undefined, now: Date): OfferState {
  if (!row || row.erased_at) return { kind: 'unknown' }
  const roleTitle = row.role_title ?? ''
  if (row.status === 'offered') {
    if (row.expires_at <= now) return { kind: 'expired', reference: row.reference, roleTitle }
    return { kind: 'open', reference: row.reference, roleTitle, fullName: row.full_name ?? '', expiresAt: row.expires_at }
  }
  if (OFFER_ACCEPTED_STATUSES.includes(row.status)) return { kind: 'answered', outcome: 'accepted', reference: row.reference, roleTitle }
  if (row.status === 'declined') return { kind: 'answered', outcome: 'declined', reference: row.reference, roleTitle }
  return { kind: 'answered', outcome: 'closed', reference: row.reference, roleTitle }
}

/**
 * The applicant's answer to an offer, from the links in the offer email. Accepting makes the
 * executive and starts their onboarding; declining closes the application. Either way the
 * community managers are emailed, all in the transaction that records the answer.
 */
export class OfferService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly onboarding: OnboardingService,
  ) {}

  /** Where a link stands. Reads only: a mail scanner following the link changes nothing. */
  async look(token: string, now = new Date()): Promise<OfferState> {
    if (!isWellFormedToken(token)) return { kind: 'malformed' }
    return stateOf(await this.find(this.dataSource.manager, token, false), now)
  }

  async respond(token: string, answer: OfferAnswer, now = new Date()): Promise<OfferResult> {
    if (!isWellFormedToken(token)) return { done: false, state: { kind: 'malformed' } }
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Locked: an accept and a decline (or two accepts) sent at once are answered one at a time.
        const row = await this.find(manager, token, true)
        const state = stateOf(row, now)
        if (state.kind !== 'open' || !row) return { done: false, state }
        const application = { id: row.application_id, status: row.status, version: row.version }

        if (answer === 'accept') {
          const accepted = await transition(manager, application, 'accept_offer', APPLICANT, 'answered by the offer link')
          const full = await manager.findOneByOrFail(Application, { id: row.application_id })
          const role = await manager.findOneByOrFail(Role, { id: row.offered_role_id! })
          const executive = await this.onboarding.createExecutive(manager, full, role, APPLICANT, now)
          await transition(manager, accepted, 'start_onboarding', SYSTEM, null)
          await manager.update(OfferLink, { id: row.link_id }, { response: 'accepted', respondedAt: now })
          for (const staff of await communityManagers(manager)) {
            await this.mail.enqueue(manager, {
              key: `offer-accepted:${row.application_id}:${staff.id}`,
              template: 'offer-accepted',
              to: staff.email,
              data: { managerName: staff.name, name: executive.name, roleTitle: role.title, reference: row.reference, executiveId: executive.id },
            })
          }
          return { done: true, state: { kind: 'answered', outcome: 'accepted', reference: row.reference, roleTitle: role.title } }
        }

        await transition(manager, application, 'decline_offer', APPLICANT, 'answered by the offer link')
        await manager.update(OfferLink, { id: row.link_id }, { response: 'declined', respondedAt: now })
        for (const staff of await communityManagers(manager)) {
          await this.mail.enqueue(manager, {
            key: `offer-declined:${row.application_id}:${staff.id}`,
            template: 'offer-declined',
            to: staff.email,
            data: { managerName: staff.name, name: row.full_name, roleTitle: state.roleTitle, reference: row.reference },
          })
        }
        return { done: true, state: { kind: 'answered', outcome: 'declined', reference: row.reference, roleTitle: state.roleTitle } }
      })
    } catch (error) {
      // The application changed under us (withdrawn, or a community manager acted): say what is true now.
      if (error instanceof StaleApplicationError || error instanceof IllegalTransitionError) return { done: false, state: await this.look(token, now) }
      throw error
    }
  }

  private async find(manager: EntityManager, token: string, forUpdate: boolean): Promise<LinkRow | undefined> {
    const rows: LinkRow[] = await manager.query(
      `SELECT l.id AS link_id, l.expires_at, a.id AS application_id, a.status, a.version, a.reference, a.full_name, a.erased_at,
              a.offered_role_id, r.title AS role_title
       FROM offer_links l
       JOIN applications a ON a.id = l.application_id
       LEFT JOIN roles r ON r.id = a.offered_role_id
       WHERE l.token_hash = $1${forUpdate ? ' FOR UPDATE OF l, a' : ''}`,
      [hashToken(token)],
    )
    return rows[0]
  }
}
