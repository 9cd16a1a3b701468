import type { EntityManager } from 'typeorm'
import { APPLICATION_MACHINE, type ApplicationStatus } from '../domain/application-status.ts'
import { allows } from '../domain/status-machine.ts'
import { DECISIONS, type Decision } from '../domain/decisions.ts'
import type { ConversationRecommendation } from '../domain/conversation.ts'
import type { RolePlacesWithOffers } from '../domain/places.ts'
import { Application } from '../entities/index.ts'
import { rolePlaces } from './role-places.ts'

export interface Tally {
  reviews: number
  quorum: number
  quorumReached: boolean
  appoint: number
  maybe: number
  doNotAppoint: number
}

export interface DecisionView {
  application: Application
  tally: Tally
  /** Decisions the status machine allows now. */
  allowed: Decision[]
  /** Each role applied for, by id: its places filled and offers waiting, to weigh an offer. */
  places: Record<string, RolePlacesWithOffers>
  /** The notes sent after the application's latest conversation, by each staff member who took part. */
  conversationNotes: { name: string; recommendation: ConversationRecommendation; notes: string }[]
}

/** What a community manager sees before deciding: the application (null if none, or erased), its tally and the decisions allowed now. */
export async function decisionPage(db: EntityManager, { reference }: { reference: string }): Promise<DecisionView | null> {
  const application = await db.getRepository(Application).findOne({
    where: { reference },
    relations: { roles: true },
    order: { roles: { preference: 'ASC' } },
  })
  if (!application || application.erasedAt) return null
  const tally = await decisionTally(db, { applicationId: application.id })
  const places = await rolePlaces(db, { roleIds: (application.roles ?? []).map((choice) => choice.roleId) })
  const conversationNotes: { name: string; recommendation: ConversationRecommendation; notes: string }[] = await db.query(
    `SELECT s.name, n.recommendation, n.notes FROM conversation_notes n JOIN staff_users s ON s.id = n.staff_user_id
     WHERE n.submitted_at IS NOT NULL
       AND n.conversation_id = (SELECT id FROM conversations WHERE application_id = $1 AND slot_id IS NOT NULL ORDER BY created_at DESC LIMIT 1)
     ORDER BY n.submitted_at`,
    [application.id],
  )
  return { application, tally, allowed: allowedDecisions(application.status), places: Object.fromEntries(places), conversationNotes }
}

/** Board reviews so far, from members who have not declared a conflict, against the quorum. */
export async function decisionTally(db: EntityManager, { applicationId }: { applicationId: string }): Promise<Tally> {
  const [row]: { reviews: number; appoint: number; maybe: number; do_not_appoint: number; quorum: number }[] = await db.query(
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

export function allowedDecisions(status: ApplicationStatus): Decision[] {
  return DECISIONS.filter((decision) => allows(APPLICATION_MACHINE, status, decision))
}
