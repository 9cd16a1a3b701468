import { In, Raw, type EntityManager } from 'typeorm'
import {
  Application,
  ApplicationDraft,
  ApplicationRole,
  AuditEvent,
  ConflictOfInterest,
  EmailMessage,
  Executive,
  InterestRegistration,
  OfferLink,
  OnboardingItem,
  OneTimeToken,
  Review,
  StaffToken,
  StaffUser,
} from '../entities/index.ts'

const likeLiteral = (text: string) => text.replace(/[\\%_]/g, '\\$&')

/**
 * Every record that holds one (normalised) email address, and every record that belongs to an
 * application, executive or staff account with it: the rows the subject access export is made
 * from (personal-data-export.ts). Read them in one snapshot (a REPEATABLE READ transaction).
 */
export async function personalRecords(manager: EntityManager, { address, now }: { address: string; now: Date }) {
  const byAddress = Raw((column) => `lower(${column}) = :address`, { address })
  // The address as a whole JSON string, quotes included (as erasure finds it), for jsonb and session rows.
  const inJson = `%${likeLiteral(JSON.stringify(address))}%`

  const applications = await manager.find(Application, { where: { email: byAddress }, order: { submittedAt: 'ASC' } })
  const applicationIds = applications.map((application) => application.id)
  // One query at a time: a transaction is one connection, and pg 9 refuses a query sent while
  // another is running on it (pg 8 queues it and warns).
  const ofApplications = { applicationId: In(applicationIds) }
  const choices = applicationIds.length ? await manager.find(ApplicationRole, { where: ofApplications, order: { applicationId: 'ASC', preference: 'ASC' } }) : []
  const reviews = applicationIds.length ? await manager.find(Review, { where: ofApplications, order: { submittedAt: 'ASC' } }) : []
  const conflicts = applicationIds.length ? await manager.find(ConflictOfInterest, { where: ofApplications, order: { declaredAt: 'ASC' } }) : []
  const offerLinks = applicationIds.length ? await manager.find(OfferLink, { where: ofApplications, order: { createdAt: 'ASC' } }) : []

  const drafts = await manager
    .createQueryBuilder(ApplicationDraft, 'draft')
    .where('lower(draft.email) = :address OR draft.answers::text ILIKE :inJson', { address, inJson })
    .orderBy('draft.createdAt', 'ASC')
    .getMany()
  const interest = await manager.find(InterestRegistration, { where: { email: byAddress }, order: { createdAt: 'ASC' } })
  const interestIds = interest.map((registration) => registration.id)
  const interestRoles: { registration_id: string; title: string }[] = interestIds.length
    ? await manager.query(
        `SELECT rr.registration_id, ro.title FROM interest_registration_roles rr JOIN roles ro ON ro.id = rr.role_id
         WHERE rr.registration_id = ANY($1::uuid[]) ORDER BY ro.display_order, ro.title`,
        [interestIds],
      )
    : []
  const tokens = await manager.find(OneTimeToken, { where: { email: byAddress }, order: { createdAt: 'ASC' } })
  const emails = await manager.find(EmailMessage, { where: { recipient: byAddress }, order: { createdAt: 'ASC' } })

  const executives = await manager
    .createQueryBuilder(Executive, 'executive')
    .where('lower(executive.email) = :address', { address })
    .orWhere(applicationIds.length ? 'executive.applicationId IN (:...applicationIds)' : 'false', { applicationIds })
    .orderBy('executive.createdAt', 'ASC')
    .getMany()
  const executiveIds = executives.map((executive) => executive.id)
  const items = executiveIds.length
    ? await manager.find(OnboardingItem, { where: { executiveId: In(executiveIds) }, order: { executiveId: 'ASC', position: 'ASC' } })
    : []

  const nominations: Record<string, unknown>[] = await manager.query(
    `SELECT n.id, r.name AS "roundName", n.full_name AS "fullName", n.email, n.statement, n.status, n.ineligible_reason AS "ineligibleReason",
       n.consented_at AS "consentedAt", n.created_at AS "createdAt", n.reviewed_by AS "reviewedBy", n.reviewed_at AS "reviewedAt", n.published_at AS "publishedAt"
     FROM board_nominations n JOIN board_election_rounds r ON r.id = n.round_id WHERE lower(n.email) = $1 ORDER BY n.created_at, n.id`,
    [address],
  )
  const electorEntries: { roundName: string; email: string; source: string; voted: boolean; createdAt: Date; linkExpiresAt: Date | null }[] = await manager.query(
    `SELECT r.name AS "roundName", e.email, e.source, e.voted, e.created_at AS "createdAt", e.link_expires_at AS "linkExpiresAt"
     FROM board_electors e JOIN board_election_rounds r ON r.id = e.round_id WHERE lower(e.email) = $1 ORDER BY e.created_at, e.id`,
    [address],
  )

  const staff = await manager.find(StaffUser, { where: { email: byAddress } })
  const staffIds = staff.map((user) => user.id)
  const staffTokens = staffIds.length ? await manager.find(StaffToken, { where: { staffUserId: In(staffIds) }, order: { createdAt: 'ASC' } }) : []

  const sessions: { expire: Date; sess: Record<string, unknown> }[] = await manager.query(
    `SELECT "expire", "sess" FROM "sessions"
     WHERE "expire" > $3 AND ("sess"::text ILIKE $1 OR "sess"->>'executiveId' = ANY($2::text[]))
     ORDER BY "expire"`,
    [inJson, executiveIds, now],
  )

  const subjects: [string, string[]][] = [
    ['application', applicationIds],
    ['executive', executiveIds],
    ['onboarding_item', items.map((item) => item.id)],
    ['staff_user', staffIds],
    ['interest_registration', interestIds],
    ['board_nomination', nominations.map((nomination) => String(nomination.id))],
  ]
  const auditQuery = manager.createQueryBuilder(AuditEvent, 'event').where('false')
  subjects.forEach(([type, ids], i) => {
    if (ids.length) auditQuery.orWhere(`(event.subjectType = :type${i} AND event.subjectId IN (:...ids${i}))`, { [`type${i}`]: type, [`ids${i}`]: ids })
  })
  const auditEvents = await auditQuery.orderBy('event.occurredAt', 'ASC').addOrderBy('event.id', 'ASC').getMany()

  return {
    applications,
    choices,
    reviews,
    conflicts,
    offerLinks,
    drafts,
    interest,
    interestRoles,
    tokens,
    emails,
    executives,
    items,
    nominations,
    electorEntries,
    staff,
    staffTokens,
    sessions,
    auditEvents,
  }
}

export type PersonalRecords = Awaited<ReturnType<typeof personalRecords>>
