// A recruitment round with known numbers for the report tests (route and browser): fourteen
// applications in "Spring 2027" for the web developer (A1 to A7) and events manager (A8 to A14)
// roles, with reviews, status changes and an executive at set days before now, and one
// application in the default round that the round's figures must leave out. Every applicant
// has the same distinctive name and email, a canary that must never appear in a report.
import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import type { StaffUser } from '../../src/entities/index.ts'
import { todayInLondon } from '../../src/services/role.service.ts'
import { useTestApp, type TestAppOptions, type TestApp } from './app.ts'

export const CANARY = { fullName: 'Zebedee Quillfeather-Canary', email: 'zebedee.canary@example.org', phone: '07700 900555', organisation: 'Canary Wharf NHS Trust', jobTitle: 'Canary analyst' }

interface Seeded {
  /** Days before now it was submitted. */
  submitted: number
  status: string
  role: 'web-developer' | 'events-manager' | 'content-manager'
  careerStage: string
  nhs: boolean
  /** Statuses it moved to, with the days before now. */
  moves?: [string, number][]
  /** Reviews: the reviewer and the days before now. */
  reviews?: ['bea' | 'ben', number][]
  round?: 'first'
}

export const SPRING_APPLICATIONS: Seeded[] = [
  // A1: appointed, now active.
  {
    submitted: 40, status: 'active', role: 'web-developer', careerStage: 'early-career', nhs: true,
    moves: [['in_review', 38], ['shortlisted', 30], ['interview', 28], ['offered', 25], ['accepted', 20], ['onboarding', 20], ['active', 15]],
    reviews: [['bea', 38], ['ben', 36]],
  },
  // A2: offered without a conversation, then declined.
  { submitted: 30, status: 'declined', role: 'web-developer', careerStage: 'early-career', nhs: true, moves: [['in_review', 29], ['shortlisted', 25], ['offered', 22], ['declined', 21]], reviews: [['bea', 29], ['ben', 26]] },
  // A3: unsuccessful.
  { submitted: 20, status: 'unsuccessful', role: 'web-developer', careerStage: 'early-career', nhs: true, moves: [['in_review', 14], ['unsuccessful', 8]], reviews: [['ben', 14], ['bea', 10]] },
  // A4: withdrawn after one review.
  { submitted: 15, status: 'withdrawn', role: 'web-developer', careerStage: 'early-career', nhs: true, moves: [['in_review', 12], ['withdrawn', 11]], reviews: [['ben', 12]] },
  // A5, A6: waiting longer than the 7 reminder days without a quorum.
  { submitted: 10, status: 'in_review', role: 'web-developer', careerStage: 'early-career', nhs: true, moves: [['in_review', 9]], reviews: [['ben', 9]] },
  { submitted: 9, status: 'submitted', role: 'web-developer', careerStage: 'apprentice', nhs: true },
  { submitted: 2, status: 'submitted', role: 'web-developer', careerStage: 'apprentice', nhs: true },
  // A8 to A14: new, for the events manager.
  { submitted: 3, status: 'submitted', role: 'events-manager', careerStage: 'experienced', nhs: true },
  { submitted: 1, status: 'submitted', role: 'events-manager', careerStage: 'trainee', nhs: true },
  ...[0, 1, 2, 3].map((): Seeded => ({ submitted: 1, status: 'submitted', role: 'events-manager', careerStage: 'trainee', nhs: false })),
  { submitted: 1, status: 'submitted', role: 'events-manager', careerStage: 'student', nhs: false },
]

/** Seeds the round; returns its id, the default round's, and the references in order (A1 first). */
export async function seedReportRound(t: TestApp, board: { bea: StaffUser; ben: StaffUser }): Promise<{ roundId: string; firstRoundId: string; references: string[]; roleIds: Record<string, string> }> {
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)
  await query(`UPDATE settings SET quorum = 2, reminder_days = 7 WHERE id = 1`)
  const [first] = await query<{ id: string }>(`SELECT id FROM recruitment_rounds WHERE name = 'First recruitment round'`)
  const [spring] = await query<{ id: string }>(`INSERT INTO recruitment_rounds (name, created_at) VALUES ('Spring 2027', now()) RETURNING id`)
  await query(`UPDATE roles SET round_id = $1 WHERE slug IN ('web-developer', 'events-manager')`, [spring!.id])
  const roles = await query<{ id: string; slug: string; title: string; version: number }>(`SELECT id, slug, title, version FROM roles`)
  const roleIds = Object.fromEntries(roles.map((role) => [role.slug, role.id]))
  const reviewers = { bea: board.bea.id, ben: board.ben.id }

  const references: string[] = []
  const all: Seeded[] = [...SPRING_APPLICATIONS, { submitted: 50, status: 'active', role: 'content-manager', careerStage: 'experienced', nhs: false, round: 'first', moves: [['accepted', 45]] }]
  for (const [index, seeded] of all.entries()) {
    const reference = `PYC-TEST-${String(index + 1).padStart(4, '0')}`
    const [application] = await query<{ id: string }>(
      `INSERT INTO applications (reference, submission_key, status, full_name, email, phone, nhs_employed, organisation, job_title, career_stage, hours_available, motivation, submitted_at, status_changed_at, consented_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'yes', 'Canary motivation', now() - make_interval(days => $11), now(), now()) RETURNING id`,
      [reference, randomUUID(), seeded.status, CANARY.fullName, CANARY.email, CANARY.phone, seeded.nhs, seeded.nhs ? CANARY.organisation : null, seeded.nhs ? CANARY.jobTitle : null, seeded.careerStage, seeded.submitted],
    )
    const role = roles.find((r) => r.slug === seeded.role)!
    await query(`INSERT INTO application_roles (application_id, role_id, round_id, preference, role_title, role_version) VALUES ($1, $2, $3, 1, $4, $5)`, [
      application!.id, role.id, seeded.round === 'first' ? first!.id : spring!.id, role.title, role.version,
    ])
    let from = 'submitted'
    for (const [to, days] of seeded.moves ?? []) {
      await query(
        `INSERT INTO audit_events (occurred_at, actor_type, action, subject_type, subject_id, from_status, to_status) VALUES (now() - make_interval(days => $1), 'staff', 'application.status', 'application', $2, $3, $4)`,
        [days, application!.id, from, to],
      )
      from = to
    }
    for (const [reviewer, days] of seeded.reviews ?? []) {
      await query(`INSERT INTO reviews (application_id, reviewer_id, scores, recommendation, submitted_at) VALUES ($1, $2, '{}', 'appoint', now() - make_interval(days => $3))`, [application!.id, reviewers[reviewer], days])
    }
    references.push(reference)
  }
  // Bea declared conflicts in A7 and A8: neither waits for her review.
  const ids = await query<{ id: string; reference: string }>(`SELECT id, reference FROM applications`)
  const idOf = (n: number) => ids.find((row) => row.reference === references[n - 1])!.id
  for (const n of [7, 8]) await query(`INSERT INTO conflicts_of_interest (application_id, staff_user_id) VALUES ($1, $2)`, [idOf(n), board.bea.id])

  // Executives: A1 in the web developer role, its term ending in 60 days; the default round's in 120.
  const today = todayInLondon()
  const inDays = (days: number) => new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
  await query(`INSERT INTO executives (application_id, role_id, name, email, starts_on, term_ends_on, status) VALUES ($1, $2, $3, $4, $5, $6, 'active')`, [
    idOf(1), roleIds['web-developer'], CANARY.fullName, CANARY.email, inDays(-300), inDays(60),
  ])
  await query(`INSERT INTO executives (application_id, role_id, name, email, starts_on, term_ends_on, status) VALUES ($1, $2, $3, $4, $5, $6, 'active')`, [
    idOf(15), roleIds['content-manager'], CANARY.fullName, CANARY.email, inDays(-245), inDays(120),
  ])
  return { roundId: spring!.id, firstRoundId: first!.id, references, roleIds }
}

export type ReportStaff = 'bea' | 'ben' | 'cora' | 'ada'

/**
 * A test app with the report's staff (two board members, a community manager, an admin) and the
 * seeded round; `round()` gives the seeded ids once the before hook has run.
 */
export function useReportApp(config: TestAppOptions<ReportStaff>['config'] = {}) {
  const t = useTestApp<ReportStaff>({
    config,
    staff: {
      bea: { name: 'Bea Board', roles: ['board-member'] },
      ben: { name: 'Ben Board', roles: ['board-member'] },
      cora: { name: 'Cora Manager', roles: ['community-manager'] },
      ada: { name: 'Ada Admin', roles: ['admin'] },
    },
  })
  let seeded: Awaited<ReturnType<typeof seedReportRound>> | null = null
  t.before(async () => {
    seeded = await seedReportRound(t, t.staff)
  })
  return { t, round: () => seeded! }
}

/** The rows of a CSV file, without the byte order mark (csv-parse, as the electors upload reads CSV). */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][]
}
