import type { EntityManager } from 'typeorm'
import { PUBLISHED_ROUND_STATUSES, type RoundApplicantFigures } from '../domain/round-status.ts'
import { SUPPRESSION_THRESHOLD } from './equality-report.ts'

// The public recruitment summary (/about/recruitment): finished rounds only, so no figure moves
// one application at a time, with who applied as counted when each round finished.

export interface PublicShare {
  /** Whole per cent; null when hidden. */
  percent: number | null
}

export interface PublicRoundSummary {
  name: string
  finishedAt: Date
  /** Null when fewer than 5 applied. */
  applications: number | null
  /** Places filled by people who applied in the round (executives appointed from it). */
  placesFilled: number
  earlyCareer: PublicShare
  nhsEmployed: PublicShare
}

/**
 * A share of those who answered, hidden when it, or the rest, is under 5 people (either would
 * name a small group), and when fewer than 5 applied at all.
 */
export function publicShare(count: number, figures: RoundApplicantFigures): PublicShare {
  const small = (n: number) => n < SUPPRESSION_THRESHOLD
  if (small(figures.applications) || small(count) || small(figures.answered - count)) return { percent: null }
  return { percent: Math.round((count / figures.answered) * 100) }
}

/** Every finished round, the most recently finished first. */
export async function recruitmentSummary(db: EntityManager): Promise<PublicRoundSummary[]> {
  const rows: { name: string; finishedAt: Date; figures: RoundApplicantFigures | null; placesFilled: number }[] = await db.query(
    `SELECT r."name", r."finished_at" AS "finishedAt", r."applicant_figures" AS "figures",
            (SELECT count(DISTINCT e."id")::int FROM "executives" e
               JOIN "application_roles" ar ON ar."application_id" = e."application_id" AND ar."role_id" = e."role_id"
              WHERE ar."round_id" = r."id") AS "placesFilled"
     FROM "recruitment_rounds" r
     WHERE r."status" = ANY($1::text[]) AND r."finished_at" IS NOT NULL
     ORDER BY r."finished_at" DESC, r."name"`,
    [PUBLISHED_ROUND_STATUSES],
  )
  return rows.map((row) => {
    const figures = row.figures ?? { applications: 0, answered: 0, earlyCareer: 0, nhsEmployed: 0 }
    return {
      name: row.name,
      finishedAt: row.finishedAt,
      applications: figures.applications < SUPPRESSION_THRESHOLD ? null : figures.applications,
      placesFilled: row.placesFilled,
      earlyCareer: publicShare(figures.earlyCareer, figures),
      nhsEmployed: publicShare(figures.nhsEmployed, figures),
    }
  })
}
